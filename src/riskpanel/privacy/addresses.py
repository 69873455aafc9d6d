"""Addresses: the places where a person lives, read from the shape of a UK address line.

A house number followed by capitalised words is an address whatever the street is called:
when the last word is a thoroughfare type (the British types and the standard postal list of
street types, singular or plural), or when the words read as a name rather than a count
("12 Jane Cliffs and ...", but not "3 Warnings" or "96 MB"). A street without a number is
taken on a common suffix ("Road", "Lane"). A suffix that is also an ordinary word ("Hill",
"Green", "View") needs more: a word of place before it ("along Station Hill"), a stem no
dictionary or name list knows ("Gipton View"), or a place in a list of streets ("Dewsbury
Road and Church View"); "near the Town Hall" and "spoke to Anna Hill" stay. Flats, named
buildings and named houses are taken with the street they belong to. The town is left out on
purpose: "Leeds" alone singles no one out, and the panel needs place names to judge the
response.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from riskpanel.privacy.namelists import fold, given_names
from riskpanel.privacy.spans import Candidate
from riskpanel.privacy.vocab import HONORIFICS, HOSTILITY_WORDS, RANKS, plain_words, word_set

#: Upper-case letters of the Latin scripts names are written in ("Öztürk", "Łódź", "Şahin").
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
CAP = rf"(?:[{UPPER}][\w'\u2019&\-]*)"
_GAP = r"[ \t\u00a0]+"

#: Thoroughfare types common enough in Britain to mark a street on their own.
_STRONG = (
    "Road|Street|Avenue|Lane|Close|Drive|Crescent|Terrace|Gardens|Grove|Mews|Way|Place|"
    "Square|Parade|Rise|Walk|Row|Fold|Garth|Croft|Mount|Approach|Boulevard|Court|Wynd|"
    "Esplanade|Promenade|Causeway|Broadway"
)
#: Types that are also ordinary words: a street only with a number or after a word of place.
_WEAK = (
    "Hill|View|Green|Park|Vale|Bank|Side|Top|End|Fields?|Meadows?|Heights|Common|Moor|"
    "Bridge|Wharf|Yard|Hollow|Dale|Woods?|Grange|Lea|Leys?|Nook|Paddock|Orchard|Ridge|"
    "Bottom|Carr|Royd|Ings|Holme|Spinney|Copse|Glade|Glen|Cross|Quay|Reach|Retreat|Pastures?|"
    "Link|Circle|Circus|Villas|Cottages|Buildings|Estate|Brook|Gate|Chase|Brow|Mead"
)
#: Further types from the UK and US postal lists, taken only behind a house number.
_POSTAL = (
    "Alley|Annex|Arcade|Bayou|Beach|Bend|Bluffs?|Branch|Burgs?|Bypass|Camp|Canyon|Cape|"
    "Centre|Center|Cliffs?|Club|Corners?|Course|Cove|Creek|Crest|Crossing|Curve|Dam|Divide|"
    "Expressway|Extension|Falls|Ferry|Flats?|Fords?|Forest|Forge|Forks?|Fort|Freeway|"
    "Gateway|Harbou?r|Haven|Highway|Inlet|Islands?|Isle|Junction|Keys?|Knolls?|Lakes?|"
    "Landing|Light|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Mills?|Mission|Motorway|Mountain|"
    "Neck|Oval|Overpass|Pass|Passage|Path|Pike|Pines?|Plains?|Plaza|Points?|Ports?|"
    "Prairie|Radial|Ramp|Ranch|Rapids?|Rest|River|Route|Rue|Run|Shoals?|Shores?|Skyway|"
    "Springs?|Spur|Station|Stravenue|Stream|Summit|Throughway|Trace|Track|Trafficway|Trail|Trailer|"
    "Tunnel|Turnpike|Underpass|Union|Valleys?|Viaduct|Village|Ville|Vista|Wall|Wells?|"
    "Expy|Fwy|Hwy|Pkwy|Parkway|Embankment|Precinct|Walkway|Drove|Hall|Market"
)
_ANY_SUFFIX = rf"(?:(?:{_STRONG}|{_WEAK}|{_POSTAL})s?|Rd|St|Ave|Ln|Cl|Dr|Ct|Cres|Pl|Gdns|Sq|Tce)"

_NUMBER = r"\d{1,4}[A-Za-z]?(?:\s?[-\u2013]\s?\d{1,4}[A-Za-z]?)?"
_UNIT = (
    rf"(?:(?:Flat|Apartment|Apt\.?|Unit|Room|Studio|Maisonette)\s+\d{{1,4}}[A-Za-z]?"
    rf"\s*,?{_GAP})"
)
_BUILDING_WORD = (
    r"(?:House|Court|Lodge|Mansions|Towers?|Building|Point|Block|Heights|Apartments|"
    r"Flats|Cottages?|Farm|Barn|Villa|Bungalow|Manor|Hall|Mill|Chambers|Works|Grange)"
)
_BUILDING = rf"(?:(?:The{_GAP})?(?:{CAP}{_GAP}){{1,2}}{_BUILDING_WORD}\s*,?{_GAP})"
_HOUSE_NAME = rf"(?P<h>(?:The{_GAP})?(?:{CAP}{_GAP}){{0,2}}{CAP},{_GAP})"
_WORDS = rf"(?:(?:St\.?|Saint){_GAP})?(?:{CAP}{_GAP}){{1,3}}"
_PLACE_WORD = (
    r"(?:on|in|at|along|off|near|into|onto|from|to|down|up|across|outside|opposite|behind|"
    r"past|around|towards|toward|via|of|between|beside|by|address(?:es)?|addr\.?)"
)

_NOT_A_YEAR = r"(?!(?:19|20)\d\d\b)"
STREET_WITH_NUMBER = re.compile(
    rf"(?<![\w/]){_UNIT}?{_BUILDING}?{_NOT_A_YEAR}{_NUMBER},?{_GAP}{_WORDS}{_ANY_SUFFIX}\b"
)
#: "815 Jane Cliffs, Leeds" or "... at 12 Jane Cliffs and": a number and a short run of
#: capitalised words that are not ordinary words, whatever comes after.
NUMBER_AND_WORDS = re.compile(
    rf"(?<![\w/:.]){_UNIT}?{_BUILDING}?{_NOT_A_YEAR}(?P<n>{_NUMBER}),?{_GAP}"
    rf"(?P<w>(?:{CAP}{_GAP}){{0,2}}{CAP})(?![\w'\u2019])"
)
STREET_NO_NUMBER = re.compile(rf"(?<![\w]){_HOUSE_NAME}?(?P<s>{_WORDS}(?:{_STRONG}))\b")
WEAK_STREET = re.compile(
    rf"(?:\b(?P<p>{_PLACE_WORD}){_GAP}(?P<the>the{_GAP})?)?{_HOUSE_NAME}?"
    rf"(?P<s>(?P<w>{_WORDS})(?:{_WEAK}))\b"
)
_LIST_GAP = re.compile(r"\s*(?:,|and|or|&|/)\s*(?:,|and|or)?\s*")
UNIT = re.compile(
    rf"\b(?:Flat|Apartment|Apt\.?|Maisonette|Studio)\s+\d{{1,4}}[A-Za-z]?\b"
    rf"(?P<b>\s*,?{_GAP}(?:The{_GAP})?(?:{CAP}{_GAP}){{0,2}}{CAP})?"
)
BUILDING_ONLY = re.compile(rf"\b(?P<w>{CAP}){_GAP}(?:House|Lodge|Mansions|Towers?|Flats)\b")

_RANK_BEFORE = re.compile(
    r"\b(?:PCSO|PC|WPC|TDC|DC|DS|DI|DCI|PS|SC|Sgt|Sergeant|Insp|Inspector|Constable|Officer|"
    r"collar|shoulder|warrant|number|no\.?|ref(?:erence)?|log|CAD|URN|STORM|aged?|"
    r"room|ward|bus|route|platform|junction|gate|flight|page|para(?:graph)?|section|"
    r"s\.|chapter|year|years)\s*$",
    re.IGNORECASE,
)
_TIME_WORDS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter new year
    """
)
_TITLES = HONORIFICS | RANKS
_COURTS = word_set("crown magistrates magistrates' county family youth high supreme coroner's")
_STEM_OK = word_set("church temple chapel abbey")
#: Words after a number that count things rather than name a street.
_COUNTED = word_set(
    """
    men women people persons males females adults children youths boys girls officers hours
    minutes days weeks months years times calls incidents occasions reports pounds miles
    metres yards feet dogs cars vehicles houses flats doors windows
    """
)


def addresses(text: str) -> Iterator[Candidate]:
    """Yield address candidates found in ``text``."""
    found = [Candidate(*m.span(), "address") for m in STREET_WITH_NUMBER.finditer(text)]
    for m in NUMBER_AND_WORDS.finditer(text):
        if _street_like(m.group("w")) and not _RANK_BEFORE.search(
            text, max(0, m.start() - 14), m.start()
        ):
            found.append(Candidate(m.start(), m.end("w"), "address"))
    for m in STREET_NO_NUMBER.finditer(text):
        if not _law_court(m.group("s")):
            found.append(Candidate(_house_start(m), m.end(), "address"))
    for m in UNIT.finditer(text):
        building = m.group("b")
        end = m.end("b") if building and not _ordinary(building) else m.start("b")
        found.append(Candidate(m.start(), end if building else m.end(), "address"))
    for m in BUILDING_ONLY.finditer(text):
        if not _ordinary(m.group("w")):
            found.append(Candidate(m.start(), m.end(), "address"))
    found += _weak_streets(text, found)
    return iter(found)


def _weak_streets(text: str, found: list[Candidate]) -> list[Candidate]:
    """ "Kings Hill": after a word of place, with a distinctive name, or listed with a street."""
    pending = [m for m in WEAK_STREET.finditer(text) if not _not_a_stem(m.group("w"))]
    out: list[Candidate] = []
    ends, starts = {c.end for c in found}, {c.start for c in found}
    changed = True
    while changed:  # a list of streets is taken whole once one of them is known
        changed = False
        for m in list(pending):
            listed = _listed_with(text, m.start("s"), m.end(), ends, starts)
            housed = _house_start(m) < m.start("s")  # "Ivy House, Spencer Green"
            if not (listed or housed) and _person_after(m.group("p"), m.group("w")):
                continue
            # "near the Town Hall", "at the Food Bank": a facility, not a street
            by_place = m.group("p") and not m.group("the")
            if by_place or listed or housed or _distinctive(m.group("w")):
                out.append(Candidate(_house_start(m), m.end(), "address"))
                ends.add(m.end())
                starts.add(m.start("s"))
                pending.remove(m)
                changed = True
    return out


def _listed_with(text: str, start: int, end: int, ends: set[int], starts: set[int]) -> bool:
    """ "Dewsbury Road and Church View": a street named in a list with another street."""
    before = any(_LIST_GAP.fullmatch(text, e, start) for e in ends if 0 <= start - e <= 7)
    return before or any(_LIST_GAP.fullmatch(text, end, s) for s in starts if 0 <= s - end <= 7)


def _not_a_stem(stem: str) -> bool:
    """Days, months and strand words do not name streets: "on Sunday Park" is not taken."""
    parts = [w.lower().strip(".,") for w in stem.split()]
    return all(
        (p in HOSTILITY_WORDS and p not in _STEM_OK) or p in _TIME_WORDS or p in _TITLES
        for p in parts
    ) or any(p in _TITLES for p in parts)


def _distinctive(stem: str) -> bool:
    """A stem with a word that is no ordinary word and no given name ("Seacroft", "Gipton")."""
    words = [fold(w.strip(".,")) for w in stem.split()]
    if words[0] in given_names():
        return False
    stop = plain_words()
    return any(w not in stop and w not in given_names() for w in words)


def _house_start(m: re.Match[str]) -> int:
    """Start at the house name ("Rose Cottage, Mill Lane") unless it is an ordinary word."""
    house = m.group("h")
    if house and not _ordinary(house.rstrip(", \t\u00a0")):
        return m.start("h")
    return m.start("s")


#: Places where a person, not a street, is as likely to follow: "spoke to Anna Hill".
_PERSON_PLACES = word_set("to by from of at with between")


def _person_after(place_word: str | None, stem: str) -> bool:
    """ "by Anna Hill" is a person; "along Anna Hill" or "by Oak Hill" a street."""
    first = stem.split()[0]
    person_place = place_word is None or place_word.lower() in _PERSON_PLACES
    return person_place and fold(first) in given_names()


def _street_like(words: str) -> bool:
    """Words after a number that name a street ("Jane Cliffs"), not "3 Warnings" or "96 MB".

    Without a thoroughfare type the words need one that reads as a name: not an ordinary
    word, not the plural of one, not a unit in capitals.
    """
    parts = [w.strip(".,") for w in words.split()]
    if fold(parts[-1]) in _COUNTED or fold(parts[0]) in _COUNTED:
        return False
    return any(_name_like(w) for w in parts)


_ENGLISH = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ance|ence|ship|ism|ist|ary|ory)$")


def _name_like(word: str) -> bool:
    """Not an ordinary word, the plural of one, an English-looking noun or a unit."""
    folded = fold(word)
    if sum(c.isupper() for c in word) >= 2 and len(word) <= 4:
        return False  # "MB", "KiB", "PM"
    stop = plain_words()
    singular = re.sub(r"(?:es|s)$", "", folded)
    for form in {folded, singular, folded[:-1] if folded.endswith("s") else folded}:
        if form in stop or _ENGLISH.search(form):
            return False
    return True


def _ordinary(words: str) -> bool:
    """True when every word is an ordinary or a strand word ("Sunday", "Polish")."""
    stop = plain_words()
    parts = [w.lower().strip(".,") for w in words.split()]
    parts = [p for p in parts if p not in {"the", "st", "st.", "saint"}]
    return all(p in stop and p not in _STEM_OK for p in parts)


def _law_court(words: str) -> bool:
    """ "Crown Court" is a court, "Moor Court" a street."""
    parts = words.lower().split()
    return parts[-1] == "court" and any(p in _COURTS for p in parts[:-1])
