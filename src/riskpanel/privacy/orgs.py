"""Addresses, schools and workplaces: places that single a person out.

A street with a house number is taken whatever the street's name; a street without a number
only with a common suffix ("Road", "Lane"), because "Park" or "Green" alone are too often
ordinary words. Schools and workplaces are taken by their suffix ("Primary School", "Ltd") or
by a cue ("works at Tesco"), and taken whole, so a faith school's name goes with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from riskpanel.privacy.spans import Candidate
from riskpanel.privacy.vocab import HOSTILITY_WORDS, common_words, word_set

_CAP = r"(?:[A-Z][\w'\u2019&\-]*)"
_RUN = rf"(?:(?:St\.?|Saint)\s+)?(?:{_CAP}\s+){{0,3}}"
_STREET_SUFFIX = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Court|Ct|Crescent|Cres|"
    r"Way|Place|Pl|Gardens|Gdns|Grove|Gr|Terrace|Terr|Tce|Walk|Mews|Square|Sq|Hill|Park|"
    r"Rise|View|Row|Green|Parade|Vale|Fold|Gate|Garth|Wharf|Yard|Croft|Mount|Approach|"
    r"Boulevard|Circus|Dale|End|Fields|Glade|Heights|Lawns?|Meadows?|Mead|Orchard|Passage|"
    r"Path|Quay|Ridge|Side|Villas|Wynd|Brow|Bank|Chase|Common|Copse|Cross|Hollow|Link|"
    r"Market|Pastures|Reach|Top|Woods?|Buildings|Estate|Grange|Hall|Bridge|Causeway|"
    r"Embankment|Broadway|Circle|Parkway|Bottom|Retreat|Spinney|Leys?|Nook|Paddock|Brook|"
    r"Moor|Royd|Carr|Drove|Holme|Ings|Street|Precinct|Walkway|Avenue)"
)
_STRONG_SUFFIX = (
    r"(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Terrace|Gardens|Grove|Mews|Way|"
    r"Place|Square|Parade|Rise|Walk|Row|Fold|Garth|Croft|Mount|Approach|Boulevard|Court)"
)
_UNIT = r"(?:(?:Flat|Apartment|Apt\.?|Unit|Room|Studio|Maisonette)\s+\d+[A-Za-z]?\s*,?\s+)"
_BUILDING = rf"(?:{_CAP}\s+(?:House|Court|Lodge|Mansions|Towers?|Building|Point|Block)\s*,?\s+)"

STREET_WITH_NUMBER = re.compile(
    rf"(?<![\w/]){_UNIT}?{_BUILDING}?\d{{1,4}}[A-Za-z]?(?:\s?-\s?\d{{1,4}})?,?\s+"
    rf"(?:{_CAP}\s+){{1,3}}{_STREET_SUFFIX}\b"
)
#: "815 Jane Cliffs, Leeds": a number and capitalised words closed by a comma or a line end.
STREET_BEFORE_COMMA = re.compile(
    rf"(?<![\w/]){_UNIT}?{_BUILDING}?\d{{1,4}}[A-Za-z]?,?\s+(?P<w>(?:{_CAP}\s+){{0,2}}{_CAP})"
    r"(?=\s*(?:,|\.?\s*\n|\.?\s*$|\.\s))"
)
STREET_NO_NUMBER = re.compile(rf"\b(?:{_CAP}\s+){{1,3}}{_STRONG_SUFFIX}\b")
UNIT_ONLY = re.compile(r"\b(?:Flat|Apartment|Apt\.?|Maisonette|Studio)\s+\d+[A-Za-z]?\b")
BUILDING_ONLY = re.compile(rf"\b(?P<w>{_CAP})\s+(?:House|Lodge|Mansions|Towers?|Flats)\b")

_SCHOOL_SUFFIX = (
    r"(?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|Primary|Secondary|High|Grammar|"
    r"Junior|Infant|Infants|Nursery|Community|Free|Special|Sixth\s+Form|Muslim|Jewish|Sikh|"
    r"Islamic|Girls'?|Boys'?)\s+)*(?:School|Academy|College|University|Nursery|Infants|"
    r"Juniors|Sixth\s+Form)\b"
)
SCHOOL = re.compile(rf"(?<![\w]){_RUN}(?:{_CAP}\s+){_SCHOOL_SUFFIX}")
_WORK_SUFFIX = (
    r"(?:Ltd|Limited|PLC|plc|LLP|&\s+Sons|and\s+Sons|Hospital|Infirmary|Surgery|"
    r"Medical\s+(?:Centre|Practice)|Health\s+Centre|Pharmacy|Chemists?|Garage|Motors|"
    r"Takeaway|Restaurant|Caf[eé]|Bakery|Barbers?|Salon|Stores?|Supermarket|Warehouse|"
    r"Factory|Hotel|Nursing\s+Home|Care\s+Home|Dental\s+Practice|Solicitors|Builders|"
    r"Logistics|Kebab\s+House|Fish\s+Bar|Newsagents?|Off\s+Licen[cs]e|Car\s+Wash|"
    r"Mini\s?[Mm]arket|Convenience\s+Store|Food\s+Store|Gym|Leisure\s+Centre)\b"
)
WORKPLACE = re.compile(rf"(?<![\w]){_RUN}(?:{_CAP}\s+){_WORK_SUFFIX}")
WORK_CUE = re.compile(
    r"\b(?:works?|working|worked|employed|job|shifts?|employee|manager|owner|owns|runs|"
    r"volunteers?|volunteering|employer(?:\s+is)?|placement)\s+(?:at|for|by|with)?\s*"
    rf"(?:the\s+)?(?P<w>(?:{_CAP}(?:\s+|(?=[\s,.;:!?)]|$))){{1,4}})",
)
SCHOOL_CUE = re.compile(
    r"\b(?:attends|pupil\s+at|student\s+at|studies\s+at|goes\s+to|"
    rf"enrolled\s+at|school\s+is)\s+(?:the\s+)?(?P<w>(?:{_CAP}(?:\s+|(?=[\s,.;:!?)]|$))){{1,4}})",
)


def places(text: str) -> Iterator[Candidate]:
    """Yield addresses, schools and workplaces found in ``text``."""
    for pattern, kind in (
        (STREET_WITH_NUMBER, "address"),
        (UNIT_ONLY, "address"),
        (SCHOOL, "school"),
        (WORKPLACE, "workplace"),
    ):
        for m in pattern.finditer(text):
            yield Candidate(m.start(), m.end(), kind)
    for m in STREET_NO_NUMBER.finditer(text):
        if not _law_court(m.group()):
            yield Candidate(m.start(), m.end(), "address")
    for m in BUILDING_ONLY.finditer(text):
        if not _month_or_common(m.group("w")):
            yield Candidate(m.start(), m.end(), "address")
    for m in STREET_BEFORE_COMMA.finditer(text):
        if not _month_or_common(m.group("w")) and not _RANK_BEFORE.search(
            text, max(0, m.start() - 12), m.start()
        ):
            yield Candidate(m.start(), m.end("w"), "address")
    for pattern, kind in ((WORK_CUE, "workplace"), (SCHOOL_CUE, "school")):
        for m in pattern.finditer(text):
            start = m.start("w")
            yield Candidate(start, start + len(m.group("w").rstrip()), kind)


_RANK_BEFORE = re.compile(
    r"\b(?:PCSO|PC|WPC|DC|DS|DI|PS|Sgt|collar|shoulder|number|no\.?)\s*$", re.IGNORECASE
)


_COURTS = word_set("crown magistrates magistrates' county family youth high supreme coroner's")


def _law_court(words: str) -> bool:
    """ "Crown Court" is a court, "Moor Court" a street."""
    parts = words.lower().split()
    return parts[-1] == "court" and any(p in _COURTS for p in parts[:-1])


def _month_or_common(words: str) -> bool:
    stop = common_words() | HOSTILITY_WORDS
    return all(w.lower().strip(".,") in stop for w in words.split())
