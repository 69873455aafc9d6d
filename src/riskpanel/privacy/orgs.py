"""Addresses, schools and workplaces: places that single a person out.

Addresses are read in ``addresses``. Schools and workplaces are taken by the last word of
their name ("Primary School", "Ltd", "Surgery", "Depot"), by a word of employment before
them ("works at", "employed by", "manager at", "staff at"), or, for the large employers
every town has, by name ("Tesco", "Royal Mail"): a named shop is where a person can be
found. They are taken whole, so a faith school's name goes with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from riskpanel.privacy.addresses import CAP, addresses
from riskpanel.privacy.namelists import fold
from riskpanel.privacy.spans import Candidate
from riskpanel.privacy.vocab import ACRONYMS, HOSTILITY_WORDS, plain_words, word_set

_GAP = r"[ \t\u00a0]+"
_RUN = rf"(?:(?:St\.?|Saint){_GAP})?(?:{CAP}{_GAP}){{0,3}}"

_SCHOOL_SUFFIX = (
    r"(?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|Primary|Secondary|High|Grammar|"
    r"Junior|Infant|Infants|Nursery|Community|Free|Special|Sixth\s+Form|Muslim|Jewish|Sikh|"
    r"Islamic|Girls'?|Boys'?)\s+)*(?:School|Academy|College|University|Nursery|Infants|"
    r"Juniors|Sixth\s+Form)\b"
)
SCHOOL = re.compile(rf"(?<![\w]){_RUN}(?:{CAP}{_GAP}){_SCHOOL_SUFFIX}")

#: What a "... Centre" is when it is a place of work rather than an agency's hub.
_CENTRE_KIND = (
    r"(?:Medical|Health|Distribution|Garden|Recycling|Leisure|Sports|Call|Contact|Fulfilment|"
    r"Shopping|Business|Conference|Day|Tyre|Auto|Car|Retail|Service|Dental|Eye|Trade|"
    r"Logistics|Sorting|Delivery|Parcel|Mail)"
)
_WORK_SUFFIX = (
    rf"(?:Ltd\.?|Limited|PLC|plc|LLP|Inc\.?|(?:&|and){_GAP}(?:Sons|Daughters|Co\.?)|Bros\.?|"
    r"Brothers|Hospital|Infirmary|Surgery|Clinic|Medical\s+Practice|Dental\s+Practice|"
    rf"{_CENTRE_KIND}\s+(?:Centre|Center|Office|Depot|Hub)|Depot|Sorting\s+Office|Pharmacy|"
    r"Chemists?|Opticians?|Vets|Veterinary\s+Practice|Garage|Motors|Autos|Tyres|Body\s?shop|"
    r"Car\s+Sales|Takeaway|Restaurant|Caf[eé]|Coffee\s+(?:Shop|House)|Bakery|Bakers|"
    r"Butchers?|Barbers?|Salon|Stores?|Supermarket|Warehouse|Factory|Foods|Textiles|"
    r"Engineering|Construction|Builders|Plumbing|Electrical|Roofing|Scaffolding|"
    r"Logistics|Haulage|Couriers|Taxis|Private\s+Hire|Recruitment|"
    r"Hotel|Inn|Tavern|Arms|Nursing\s+Home|Care\s+Home|Solicitors|Accountants|"
    r"Estate\s+Agents?|Lettings|Kebab\s+House|Curry\s+House|Fish\s+Bar|Chippy|Pizzeria|"
    r"Newsagents?|Off\s+Licen[cs]e|Car\s+Wash|Launderette|Laundrette|Dry\s+Cleaners|"
    r"Mini\s?[Mm]arket|Convenience\s+Store|Food\s+Store|Gym|Fitness|Leisure\s+Centre)\b"
)
WORKPLACE = re.compile(rf"(?<![\w])(?P<stem>{_RUN}(?:{CAP}{_GAP})){_WORK_SUFFIX}")

#: Large employers found in every town: named alone, they are still a place of work.
_BRAND_NAMES = (
    r"Tesco(?:\s+Extra|\s+Express)?|Asda|Sainsbury['\u2019]?s|Morrisons|Aldi|Lidl|Waitrose|"
    r"Co-op|Co-operative|Greggs|Amazon|Boots|Primark|Royal\s+Mail|Poundland|Costa\s+Coffee|"
    r"Starbucks|McDonald['\u2019]?s|KFC|Burger\s+King|Nando['\u2019]?s|Domino['\u2019]?s|"
    r"Pizza\s+Hut|Subway|Argos|Currys|B&Q|B&M|Wickes|Screwfix|Toolstation|Halfords|"
    r"Superdrug|Home\s+Bargains|Matalan|TK\s?Maxx|JD\s+Sports|Sports\s+Direct|"
    r"Marks\s+(?:&|and)\s+Spencer|M&S|Wetherspoons?|Pret(?:\s+a\s+Manger)?|Ocado|DPD|DHL|"
    r"Evri|Hermes|Yodel|Parcelforce|Deliveroo|Just\s+Eat|Uber\s+Eats|Stagecoach|Arriva|"
    r"First\s+Bus|Network\s+Rail|Northern\s+Rail|Premier\s+Inn|Travelodge|Specsavers|"
    r"Farmfoods|Lloyds\s+Pharmacy|Wilko|Holland\s+(?:&|and)\s+Barrett"
)
BRAND = re.compile(rf"(?<![\w'\u2019-])(?-i:{_BRAND_NAMES})(?![\w'\u2019-])")

#: Words of employment, each with the prepositions that put the employer after it.
_EMPLOYED = (
    r"(?:(?:works?|working|worked)(?:\s+(?:on\s+shift|nights|part[\s-]time|full[\s-]time))?"
    r"\s+(?:at|for)|"
    r"(?:employed|employee|employees|staff|manager|managers|supervisor|boss|cleaner|driver|"
    r"trainee|owner|owners)\s+(?:at|by|for|of)|colleagues?\s+at|"
    r"(?:job|jobs|shifts?|placement|apprentice|apprenticeship|volunteers?|volunteering|"
    r"volunteered|contracted)\s+(?:at|with|for|to)|"
    r"(?:suspended|dismissed|sacked|hired|recruited|redundant)\s+(?:by|from)|"
    r"(?:manages|managed|owns|owned|runs|employer\s+is|employer\s+was))"
)
_ORG_RUN = (
    rf"(?P<w>(?:{CAP}(?:{_GAP}(?:&|and){_GAP}(?={CAP}))?(?:{_GAP}|(?=[\s,.;:!?)]|$))){{1,4}})"
)
WORK_CUE = re.compile(rf"(?<![\w-])(?i:{_EMPLOYED}){_GAP}(?:the{_GAP})?{_ORG_RUN}")
SCHOOL_CUE = re.compile(
    r"\b(?:attends|pupil\s+at|student\s+at|studies\s+at|goes\s+to|"
    rf"enrolled\s+at|school\s+is)\s+(?:the\s+)?(?P<w>(?:{CAP}(?:\s+|(?=[\s,.;:!?)]|$))){{1,4}})",
)


def places(text: str) -> Iterator[Candidate]:
    """Yield addresses, schools and workplaces found in ``text``."""
    yield from addresses(text)
    for m in SCHOOL.finditer(text):
        yield Candidate(m.start(), m.end(), "school")
    for m in WORKPLACE.finditer(text):
        if not _generic_with_strand_word(m.group("stem")):
            yield Candidate(m.start(), m.end(), "workplace")
    for m in BRAND.finditer(text):
        if not _TITLE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            yield Candidate(m.start(), m.end(), "workplace")
    for pattern, kind in ((WORK_CUE, "workplace"), (SCHOOL_CUE, "school")):
        for m in pattern.finditer(text):
            words = m.group("w").rstrip()
            if not _not_a_place(words):
                yield Candidate(m.start("w"), m.start("w") + len(words), kind)


_TIME_WORDS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays weekends january february march april may june july
    august september october november december christmas easter ramadan eid i he she they
    """
)


#: "Mr Boots", "Dr Morrisons": a title makes the word a surname, not the shop.
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+$")


#: Strand words that are also surnames or street names: "Church Surgery", "White & Sons".
_NAMING_STRANDS = word_set(
    "church temple chapel abbey white black brown green grey gray english french welsh irish"
)


def _generic_with_strand_word(stem: str) -> bool:
    """ "Gender Identity Clinic", "Halal Foods": a kind of place that names no one.

    The strand word stays for the panel. A proper name around it ("Al-Noor Halal Foods")
    makes it a particular place, taken whole.
    """
    words = [fold(w.strip(".,&")) for w in stem.split()]
    words = [w for w in words if w and w not in {"and", "of", "the"}]
    plain = plain_words()
    strand = [w for w in words if w in HOSTILITY_WORDS and w not in _NAMING_STRANDS]
    return bool(strand) and all(w in plain or _ENGLISH.search(w) for w in words)


_ENGLISH = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ance|ence|ship|ism|al|ic|ive|ous)$")


@cache
def _stop() -> frozenset[str]:
    return plain_words() | _TIME_WORDS | ACRONYMS


def _not_a_place(words: str) -> bool:
    """ "works for the Council", "volunteers with Polish families": no employer is named.

    Ordinary words, agencies and strand words alone name no one's workplace; a named
    employer that is also an ordinary word ("Boots") is taken by name instead.
    """
    stop = _stop()
    parts = [fold(w.strip(".,")) for w in words.split()]
    return all(p in stop or p.rstrip("s") in stop for p in parts)
