# ruff: noqa: E501 - sentence templates read better on one line each
"""Labelled synthetic case narratives for measuring the redactor. Only synthetic people.

Each document is police- or caseworker-style text built from sentence templates, with every
identifier span labelled by kind and every hostility word labelled as one to keep. The case
record (``known_people``) holds some of the people in the text; neighbours, friends, officers
and other workers are not in it, as in real notes.

Two disjoint template sets exist: ``TUNING`` (look at failures, improve the redactor) and
``HELD_OUT`` (written once, never adjusted after looking at failures; the bench reports on it).
Names come from many Faker locales; the locales in ``riskpanel.privacy.namelists.
HELD_OUT_LOCALES`` are not in the redactor's name list, so the bench can report unseen origins.

    python bench/redaction_corpus.py --set tuning --n 3 --seed 1     # print a few documents
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from faker import Faker

from riskpanel.privacy import KnownPerson
from riskpanel.privacy.namelists import HELD_OUT_LOCALES

#: Locales for names, with weights; British names are a third, as in many English areas.
NAME_LOCALES: dict[str, float] = {
    "en_GB": 30,
    "en_IE": 3,
    "pl_PL": 7,
    "ro_RO": 6,
    "tr_TR": 4,
    "en_IN": 6,
    "en_PK": 7,
    "en_NG": 2,
    "yo_NG": 3,
    "ha_NG": 2,
    "en_KE": 2,
    "fr_DZ": 3,
    "lt_LT": 2,
    "cs_CZ": 1,
    "sk_SK": 1,
    "hu_HU": 1,
    "pt_PT": 2,
    "es_ES": 1,
    "it_IT": 1,
    "de_DE": 1,
    "nl_NL": 1,
    "sw": 3,
    "zu_ZA": 2,
    "tw_GH": 2,
    "uz_UZ": 2,
    "az_AZ": 2,
    "ig_NG": 2,
    "lv_LV": 1,
}
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'\u2019-]{2,}$")

STRAND_WORDS: dict[str, list[str]] = {
    "race": [
        "Polish",
        "Romanian",
        "Black",
        "Asian",
        "Somali",
        "Pakistani",
        "Gypsy",
        "Traveller",
        "Roma",
        "Chinese",
        "Nigerian",
        "Irish",
        "Kurdish",
        "Lithuanian",
        "Bulgarian",
        "Eritrean",
        "Bangladeshi",
        "Indian",
        "Arab",
        "African",
        "Yemeni",
        "Slovakian",
        "Kosovan",
        "Tamil",
        "Hong Konger",
    ],
    "religion": [
        "Muslim",
        "mosque",
        "hijab",
        "Jewish",
        "synagogue",
        "kippah",
        "Sikh",
        "turban",
        "gurdwara",
        "Hindu",
        "mandir",
        "Islamic",
        "niqab",
        "Orthodox",
        "Hasidic",
        "Quran",
        "Ahmadiyya",
    ],
    "disability": [
        "wheelchair",
        "autistic",
        "deaf",
        "blind",
        "learning disability",
        "mobility scooter",
        "Down's syndrome",
        "epilepsy",
        "hearing aid",
        "guide dog",
        "crutches",
        "dyslexic",
        "cerebral palsy",
        "stammer",
    ],
    "sexual_orientation": ["gay", "lesbian", "bisexual", "Pride", "LGBT", "homophobic"],
    "transgender": ["transgender", "trans", "non-binary", "transphobic"],
}

UK_TOWNS = [
    "Leeds",
    "Bradford",
    "Wakefield",
    "Huddersfield",
    "Halifax",
    "Sheffield",
    "Rotherham",
    "Oldham",
    "Bolton",
    "Preston",
    "Derby",
    "Leicester",
    "Luton",
    "Slough",
    "Bristol",
]
STREET_SUFFIXES = [
    "Road",
    "Street",
    "Avenue",
    "Lane",
    "Close",
    "Drive",
    "Crescent",
    "Terrace",
    "Grove",
    "Gardens",
    "Way",
    "Place",
    "Mews",
    "Walk",
    "Court",
    "View",
    "Rise",
    "Mount",
    "Croft",
    "Fold",
    "Green",
    "Row",
    "Square",
    "Parade",
    "Hill",
]
STREET_STEMS = [
    "Acacia",
    "Victoria",
    "Station",
    "Church",
    "Mill",
    "Harehills",
    "Beeston",
    "Oak",
    "Cemetery",
    "Roundhay",
    "Chapeltown",
    "Spencer",
    "Gipton",
    "Moor",
    "Thornhill",
    "Primrose",
    "Kirkstall",
    "Lidget",
    "Dewsbury",
    "Cardigan",
    "Burley",
    "Ashley",
    "Belle Vue",
    "Town",
    "Kings",
    "Queen's",
    "Meanwood",
    "Seacroft",
    "Armley",
    "Manor",
]
BRANDS = ["Tesco", "Asda", "Morrisons", "Aldi", "Lidl", "Greggs", "Amazon", "Sainsbury's"]
SAINTS = ["Mary's", "Joseph's", "Patrick's", "Anne's", "Peter's", "Oswald's", "Bede's"]
WORK_SUFFIXES = [
    "& Sons",
    "Ltd",
    "Pharmacy",
    "Takeaway",
    "Motors",
    "Builders Ltd",
    "Car Wash",
    "Convenience Store",
    "Barbers",
    "Logistics Ltd",
]
SCHOOL_SUFFIXES = ["Primary School", "Academy", "High School", "College", "Junior School"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Person:
    first: str
    last: str
    gender: str
    locale: str
    role: str
    in_record: bool
    nick: str = ""
    dob: date | None = None

    @property
    def origin(self) -> str:
        if self.locale == "en_GB":
            return "british"
        return "unseen" if self.locale in HELD_OUT_LOCALES else "other-listed"


@dataclass
class Doc:
    text: str
    known_people: list[KnownPerson]
    identifiers: list[tuple[int, int, str, str]] = field(default_factory=list)
    near: list[tuple[int, int]] = field(default_factory=list)
    keep: list[tuple[int, int, str]] = field(default_factory=list)


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _name_part(rng: random.Random, locale: str, part: str, gender: str) -> str:
    fake = _faker(locale)
    fake.seed_instance(rng.randrange(2**31))
    for _ in range(20):
        method = f"{part}_{gender}"
        value = getattr(fake, method)() if hasattr(fake, method) else getattr(fake, part)()
        tokens = value.split()
        if tokens and all(_LATIN.match(t) for t in tokens) and value != "Doe":
            return value
    return "Nowak" if part == "last_name" else "Jan"


def _decorate_surname(rng: random.Random, last: str, locale: str) -> str:
    roll = rng.random()
    if roll < 0.05 and locale in {"en_PK", "fr_DZ", "ha_NG"}:
        return f"Al-{last}"
    if roll < 0.08 and locale in {"en_GB", "en_IE"}:
        return rng.choice(["O'", "Mc", "Mac"]) + last
    if roll < 0.11:
        return f"{last}-{_name_part(rng, locale, 'last_name', 'male').split()[0]}"
    if roll < 0.13 and locale in {"nl_NL", "de_DE", "pt_PT", "es_ES"}:
        particle = {"nl_NL": "van der", "de_DE": "von", "pt_PT": "da", "es_ES": "de la"}[locale]
        return f"{particle} {last}"
    return last


def make_person(
    rng: random.Random,
    role: str,
    in_record: bool,
    surname: str | None = None,
    locale: str | None = None,
) -> Person:
    locale = locale or rng.choices(list(NAME_LOCALES), weights=list(NAME_LOCALES.values()))[0]
    gender = rng.choice(["male", "female"])
    first = _name_part(rng, locale, "first_name", gender).split()[0]
    if rng.random() < 0.06:
        first = f"{first}-{_name_part(rng, locale, 'first_name', gender).split()[0]}"
    last = surname or _decorate_surname(rng, _name_part(rng, locale, "last_name", gender), locale)
    nick = rng.choice([first[:3], first[:4] + "y", "Big " + first[:3], first[:3] + "o"])
    dob = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    return Person(first, last, gender, locale, role, in_record, nick.title(), dob)


class Builder:
    """Appends text and records spans while a template is rendered."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.doc = Doc("", [])

    def add(self, text: str, kind: str | None = None, detail: str = "") -> None:
        if kind == "keep":
            self.doc.keep.append((self.pos, self.pos + len(text), text))
        elif kind == "near":
            self.doc.near.append((self.pos, self.pos + len(text)))
        elif kind:
            self.doc.identifiers.append((self.pos, self.pos + len(text), kind, detail))
        self.parts.append(text)
        self.pos += len(text)


def _title(p: Person, rng: random.Random) -> str:
    if p.gender == "male":
        return rng.choice(["Mr", "Mr", "Dr"])
    return rng.choice(["Mrs", "Ms", "Miss", "Dr"])


_PARTICLES = {"van", "der", "von", "da", "de", "la", "al"}


def _surname_initial(last: str) -> str:
    core = [t for t in re.split(r"[\s-]", last) if t and t.lower() not in _PARTICLES]
    return (core[0] if core else last)[0].upper()


def add_person(b: Builder, p: Person, form: str, rng: random.Random) -> None:
    """Render one mention of ``p`` in the named form, labelling the name and its title."""
    tag = f"person:{p.role}:{'record' if p.in_record else 'other'}:{p.origin}:{form}"
    last, first = p.last, p.first
    if form == "any":
        form = rng.choice(["full", "first", "last", "First_LAST", "title", "LAST", "poss"])
        tag = tag.rsplit(":", 1)[0] + f":{form}"
    if form == "title":
        b.add(_title(p, rng) + " ", "near")
        b.add(last, "person", tag)
        return
    if form in {"poss", "poss_first"}:
        b.add(first if form == "poss_first" else last, "person", tag)
        b.add("'s")
        return
    text = {
        "full": f"{first} {last}",
        "first": first,
        "last": last,
        "LAST": last.upper(),
        "First_LAST": f"{first} {last.upper()}",
        "LAST_First": f"{last.upper()}, {first}",
        "LAST_First_nocomma": f"{last.upper()} {first}",
        "init": f"{first[0]}. {last}",
        "init_nodot": f"{first[0]} {last}",
        "initials": f"{first[0]}{_surname_initial(last)}",
        "nick": p.nick,
        "lower": first.lower(),
    }[form]
    b.add(text, "person", tag)


def _dob_text(d: date, rng: random.Random) -> str:
    month = MONTHS[d.month - 1]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    return rng.choice(
        [
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.day}/{d.month}/{d.year % 100:02d}",
            f"{d.year}-{d.month:02d}-{d.day:02d}",
            f"{d.day} {month} {d.year}",
            f"{d.day}{suffix} {month} {d.year}",
            f"{d.day}{suffix} of {month} {d.year}",
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            f"{month} {d.day}, {d.year}",
            f"{d.day:02d} {month[:3].upper()} {d.year}",
        ]
    )


def _ni(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    digits = f"{rng.randrange(10**6):06d}"
    end = rng.choice("ABCD")
    return rng.choice(
        [
            f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {end}",
            f"{first}{second}{digits}{end}",
            f"{first}{second} {digits} {end}",
        ]
    )


def _vehicle(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXYZ"
    roll = rng.random()
    if roll < 0.6:
        return _faker("en_GB").license_plate()
    if roll < 0.8:
        return f"{rng.choice(letters)}{rng.randrange(1, 999)} {''.join(rng.choices(letters, k=3))}"
    return f"{''.join(rng.choices(letters, k=3))} {rng.randrange(1, 999)}{rng.choice(letters)}"


def _crime_ref(rng: random.Random) -> str:
    yy = rng.choice(["24", "25", "26"])
    return rng.choice(
        [
            f"CR/{rng.randrange(10**4, 10**5)}/{yy}",
            f"{rng.randrange(1, 99):02d}/{rng.randrange(10**5, 10**6)}/{yy}",
            f"{rng.randrange(10, 99)}/{rng.randrange(1000, 9999)}/20{yy}",
            f"13{rng.choice('ABCDEF')}{rng.choice('XYZ')}{rng.randrange(10**6, 10**7)}{yy}",
            f"ASB/20{yy}/{rng.randrange(100, 9999)}",
            f"{rng.randrange(10**11, 10**12)}",
            f"HC-20{yy}-{rng.randrange(100, 99999):05d}",
            f"{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}{rng.randrange(10**6, 10**7)}",
        ]
    )


def _address(rng: random.Random) -> str:
    if rng.random() < 0.25:
        street = _faker("en_GB").street_name()
    else:
        street = f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_SUFFIXES)}"
    number = f"{rng.randrange(1, 250)}{rng.choice(['', '', '', 'A', 'B'])}"
    flat = rng.random()
    if flat < 0.15:
        return f"Flat {rng.randrange(1, 40)}, {number} {street}"
    if flat < 0.2:
        return f"{rng.choice(STREET_STEMS)} House, {number} {street}"
    return f"{number} {street}"


def _handle(rng: random.Random, p: Person) -> str:
    base = rng.choice([p.first.lower(), p.nick.replace(" ", "").lower(), p.last.lower()[:5]])
    base = re.sub(r"[^a-z]", "", base) or "user"
    return rng.choice(
        [
            f"{base}_{rng.randrange(10, 99)}",
            f"{base}{rng.randrange(100, 9999)}",
            f"the_real_{base}",
            f"{base}.{rng.choice(['x', 'uk', 'official'])}",
        ]
    )


def _email(rng: random.Random, p: Person) -> str:
    first = re.sub(r"[^a-z]", "", p.first.lower()) or "a"
    last = re.sub(r"[^a-z]", "", p.last.lower()) or "b"
    domain = rng.choice(["example.com", "example.org", "example.net", "mail.example.co.uk"])
    return rng.choice(
        [
            f"{first}.{last}@{domain}",
            f"{first}{rng.randrange(10, 99)}@{domain}",
            f"{last}{first[0]}@{domain}",
        ]
    )


def _school(rng: random.Random, p: Person) -> str:
    stem = rng.choice([rng.choice(STREET_STEMS), f"St {rng.choice(SAINTS)}", rng.choice(UK_TOWNS)])
    return f"{stem} {rng.choice(SCHOOL_SUFFIXES)}"


def _workplace(rng: random.Random, p: Person) -> str:
    if rng.random() < 0.3:
        return rng.choice(BRANDS)
    stem = rng.choice(
        [p.last, rng.choice(STREET_STEMS), _name_part(rng, p.locale, "last_name", "male")]
    )
    return f"{stem.split()[-1]} {rng.choice(WORK_SUFFIXES)}"


STRANDS_EXTRA: dict[str, list[str]] = {
    "faith_place": ["mosque", "synagogue", "gurdwara", "mandir", "church", "masjid"],
    "dress": ["hijab", "turban", "kippah", "niqab", "headscarf", "burka"],
    "faith": ["Muslim", "Jewish", "Sikh", "Hindu", "Orthodox Jewish", "Christian"],
}


def _strand_word(rng: random.Random, group: str) -> str:
    if group in STRANDS_EXTRA:
        return rng.choice(STRANDS_EXTRA[group])
    if group == "any":
        group = rng.choice(list(STRAND_WORDS))
    return rng.choice(STRAND_WORDS[group])


# ---------------------------------------------------------------------------------------------
# TUNING templates: the redactor may be adjusted after looking at failures on these.
# ---------------------------------------------------------------------------------------------
TUNING: list[str] = [
    "On {date} at approximately {time} hours officers attended {addr.V}, {town} {pc.V} following a call from the victim {V.First_LAST} (DOB {dob.V}).",
    "{V.title} reports that her neighbour {N.first} has been shouting {hw.race} slurs at her from the garden.",
    "The suspect is believed to be {P.full} of {addr.P}, {town}.",
    "{P.LAST} was arrested on {date} and interviewed under caution by PC {collar} {O.LAST}.",
    "{V.first} said that {P.first} made comments about her {hw.dress} and told her to go back to where she came from.",
    "Victim's mobile: {phone.V}. Email: {email.V}.",
    "{P.poss} vehicle, a silver Ford Focus {reg.P}, was seen outside the address on CCTV.",
    "Crime reference {ref} refers. CAD {cad} of {date}.",
    "The victim's son {H.first} attends {school.H} and has been bullied by pupils because he is {hw.disability}.",
    "{C.full} from Victim Support has offered weekly contact to {V.title}.",
    "{P.First_LAST} (DOB {dob.P}) is known to police and was previously dealt with for racially aggravated harassment.",
    "On TikTok the suspect posts as {handle.P} and has shared videos mocking {hw.faith} neighbours.",
    "{W.full} witnessed the incident from across the road and provided a statement to DC {O.last}.",
    "The perpetrator's NI number is {ni.P}.",
    "{V.nick} (as she is known locally) states she no longer feels safe walking to the {hw.faith_place}.",
    "{V.LAST_First} - {hw.race} national, lives with her two children.",
    "{N.first} and {F.first} both saw {P.first} kick the door of {addr.V}.",
    "Housing officer {PR.full} confirmed that {P.title} has been served a notice of seeking possession.",
    "{P.init} has posted on Facebook that {hw.sexual_orientation} people are not welcome on the estate.",
    "The victim is a {hw.transgender} woman who has lived at the address for three years.",
    "Sgt {collar} {O.full} reviewed the investigation and agreed a safety plan with {V.first}.",
    "{H.full} (DOB {dob.H}) also lives at the address and uses a {hw.disability}.",
    "{P.poss_first} partner {S.first} was present and filmed the incident on her phone.",
    "Contact for the perpetrator: {phone.P} or {email.P}.",
    'Graffiti reading "{hw.race} out" was sprayed on the wall of {addr.V}.',
    "{V.poss_first} friend {F.full} drove her to the {hw.faith_place} after the assault.",
    "PCSO {collar} {O.last} has carried out reassurance patrols on {street}.",
    "URN {ref} was created for the file to CPS.",
    "{P.First_LAST} works at {work.P} and was seen there on the day of the incident.",
    "Referral received from {C.first} at the {hw.faith_place}, who is worried about {V.title}.",
    "{V.First_LAST} was born on {dob.V} and is {hw.race}.",
    "The group, including {S.full} and {P.first}, shouted abuse about the victim's {hw.dress}.",
    "Vehicle registration {reg.P} is linked to {P.LAST}.",
    "Previous incidents: {ref} ({date}) and {ref2}.",
    "{W.title} told officers she heard {P.first} use homophobic language towards {V.first}.",
    "{V.initials} states that {P.nick} has been following her home from {work.V}.",
    "Please call {V.first} on {phone.V} before visiting, as she is {hw.disability}.",
    "{P.LAST_First_nocomma}, {addr.P}, {town}, {pc.P}.",
    "The victim's daughter {H.first} is {hw.disability} and attends {school.H}.",
    "{N.first}, who lives next door, said {P.last} has been drinking heavily.",
    # Added later to cover general classes the first set lacked: addresses in the middle of a
    # sentence, named houses and towns after the street, organisations by suffix, employers
    # named without a cue word, and a verb at the start of a sentence before a name.
    "The family moved to {addr.V} in the spring after the first incident.",
    "A brick was thrown through the front window of {addr.V} at about {time} hours.",
    "{P.first} was seen walking from {addr.P} towards the shops with two other males.",
    "{N.first} lives a few doors down at {addr.X} with her partner.",
    "Door-to-door enquiries were made along {street} without result.",
    "House-to-house enquiries on {street} found no further witnesses.",
    "Address history: {addr.P} until {date}, now of no fixed abode.",
    "The victim asked for letters to go to her sister at {home.X} instead of her own address.",
    "Police were called to {home.V}, {town} where {V.first} was found in a distressed state.",
    "Previous address {home.P} was visited by officers on {date}.",
    "{P.first} is employed by {org.P} as a driver and was on shift that evening.",
    "The victim's manager at {org.V} has agreed to change her shifts.",
    "Staff at {org.X} called the police when {P.first} came back in.",
    "{V.first} was verbally abused while working at {brand.V} on {date}.",
    "CCTV from {org.X} shows the suspect leaving at {time} hours.",
    "{S.full}, who manages {org.X}, gave a statement about the argument.",
    "The incident took place in the car park of {brand.X} on {date}.",
    "{P.title} has been suspended by {org.P} pending an internal investigation.",
    "{V.first} has a new job with {brand.V} and has asked that her employer is not told.",
    "Call {V.first} before any visit as she works nights.",
    "Ask {W.first} whether she is willing to make a statement.",
    "Contact {C.first} at the housing office for a copy of the tenancy file.",
    "Remind {P.first} that any contact with the victim is a breach of bail.",
    "Thank {N.first} for the footage and return the memory card.",
    "{addr.V} was damaged again overnight and the glazier has been called.",
    "The rear garden of {addr.V} backs onto {street} where the youths gather.",
    "{P.first} now lives with his mother ({addr.P}) and has been told to stay away.",
    "The address given was {addr.X} {pc.X} but no one answered the door.",
    "{org.X} has banned {P.first} from the premises after the incident.",
    "Security staff from {brand.X} detained the suspect until police arrived.",
    "A teacher at {school.H} reported the comments to the safeguarding lead.",
    "Speak to {W.title} before the case is closed.",
    "Officers will patrol {street} and {street} at school closing times.",
]

# ---------------------------------------------------------------------------------------------
# HELD-OUT templates: written once. Do not adjust them, or the redactor, after reading
# failures on them; the bench reports on these.
# ---------------------------------------------------------------------------------------------
HELD_OUT: list[str] = [
    "Research from Housing: the tenancy at {addr.V} ({pc.V}) is held by {V.LAST_First}; no other adults are registered.",
    "{V.title}'s friend {F.first} was with her on the bus when {P.first} started filming her {hw.dress} and laughing.",
    "Subject: {P.LAST_First} DOB: {dob.P} Address: {addr.P}, {town}, {pc.P}",
    "Victim: {V.First_LAST} D.O.B {dob.V} Tel: {phone.V}",
    "{P.full} has been identified from doorbell footage; the footage also shows a {hw.race} flag being torn down.",
    "Officer in the case is DC {collar} {O.First_LAST}; STORM log {cad} refers.",
    "{V.first} explained that the abuse started after she began wearing a {hw.dress} to work at {work.V}.",
    "Her caseworker, {C.first}, has asked for the panel to consider a move.",
    "{P.LAST} denies the offence and says {V.first} is lying because she is {hw.race}.",
    "Occurrence number {ref} - racially aggravated criminal damage to the victim's car.",
    "Mr {P.last}'s brother {S.first} is also named by neighbours as being involved.",
    'It is reported that {P.first} calls the victim a "{hw.race} cow" whenever she passes.',
    "The youngest child, {H.first}, is {hw.disability} and is being supported by the SENCO at {school.H}.",
    "{W.First_LAST} lives opposite at {addr.X} and keeps a diary of what she sees.",
    "{N.first} from number {num} has offered to act as a witness if the matter goes to court.",
    "PC {O.last} (collar {collar}) took the initial report.",
    "The suspect's Instagram handle is {handle.P}; screenshots of the posts are attached to {ref}.",
    "{V.nick} says she has stopped going to the {hw.faith_place} on Fridays because of {P.nick}.",
    "Insp {O.full} has authorised a dispersal order covering {street} and the park.",
    "Messages were sent from {phone.X}, which is believed to belong to {S.full}.",
    "{P.poss} NI number ({ni.P}) has been shared with the DWP fraud team for the tenancy check.",
    "Agreed: {PR.first} to visit {V.title} with an interpreter who speaks {hw.language}.",
    "{V.first} is a {hw.sexual_orientation} man and has been targeted since he put up a Pride flag.",
    "A car, {reg.X}, was seen circling the block; the registered keeper is {S.First_LAST}.",
    "{P.init_nodot} was born in {yob.P} and has previous convictions for {hw.faith}-related abuse.",
    "Email from {email.V} received by the hate crime coordinator on {date}.",
    "{H.title} (victim's mother) says the family are frightened to leave the house.",
    "The {hw.faith} community centre near {street} has also had windows broken.",
    "Neighbours {N.first}, {F.first} and {S.first} signed a letter in support of the family.",
    "{P.LAST}'s mother, {S.title}, contacted the council to complain about the victim.",
    "Update {date}: {P.First_LAST} was charged and bailed to {addr.P} with a condition not to contact {V.first}.",
    "Case worker {C.full} ({email.X}) will attend the next meeting.",
    "The victim, who is {hw.transgender}, says {P.first} shouted at her outside {work.V}.",
    "Log {cad} of {date}: caller {W.full} reported youths throwing eggs at the {hw.faith_place}.",
    "Child {H.first} {H.LAST} (DOB {dob.H}) is on a child protection plan.",
    "{P.first} goes by {P.nick} online and posts on X as {handle.P}.",
    "{V.LAST} has a {hw.disability} and relies on {F.first} for shopping.",
    "Safety plan: target hardening at {addr.V}; panic alarm supplied; {O.title} to check in weekly.",
    "Crime {ref} filed pending further information from {W.title}.",
    "Flag on the address {addr.V}, {pc.V}: hate crime victim, {hw.race} family, priority response.",
]

STRANDS_EXTRA["language"] = [
    "Urdu",
    "Polish",
    "Romanian",
    "Arabic",
    "Kurdish",
    "Tigrinya",
    "Somali",
    "Punjabi",
    "Bengali",
    "Farsi",
    "Pashto",
]

# Generators used only by the added tuning templates. They draw from ``rng`` when a slot is
# rendered, never in ``make_case``, so the held-out documents stay exactly as they were.
HOUSE_NAMES = ["Rose Cottage", "The Laurels", "Ivy House", "Orchard Cottage", "The Old Forge"]
BUILDINGS = ["Kirkstall Court", "Victoria Mansions", "Mill House", "Spencer Towers", "Oak Lodge"]
ORG_SUFFIXES = [
    "Medical Centre", "Surgery", "Distribution Centre", "Depot", "Care Home", "Solicitors",
    "Dental Practice", "Leisure Centre", "Garden Centre", "plc", "and Co", "Hotel",
    "Bakery", "Sorting Office", "Recycling Centre", "Pharmacy", "Ltd", "Fish Bar",
]  # fmt: skip
MORE_BRANDS = ["Co-op", "Boots", "Primark", "Royal Mail", "Iceland", "Poundland", "Costa"]


def _home(rng: random.Random, p: Person) -> tuple[str, str]:
    street = f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_SUFFIXES)}"
    number = f"{rng.randrange(1, 250)}{rng.choice(['', '', 'a', 'B'])}"
    forms = [
        f"{rng.choice(HOUSE_NAMES)}, {street}",
        f"{number} {street}",
        f"{number} {_faker('en_GB').street_name()}",
        f"Flat {rng.randrange(1, 40)}{rng.choice(['', 'A'])}, {rng.choice(BUILDINGS)}",
        f"{rng.randrange(1, 60)}-{rng.randrange(61, 120)} {street}",
        f"Apartment {rng.randrange(1, 90)}, {number} {street}",
    ]
    return rng.choice(forms), "address"


def _org(rng: random.Random, p: Person) -> tuple[str, str]:
    stem = rng.choice([rng.choice(STREET_STEMS), rng.choice(UK_TOWNS), p.last.split()[-1]])
    return f"{stem} {rng.choice(ORG_SUFFIXES)}", "workplace"


def _brand(rng: random.Random, p: Person) -> tuple[str, str]:
    return rng.choice(BRANDS + MORE_BRANDS), "workplace"


_TUNING_PLACES = {"home": _home, "org": _org, "brand": _brand}

_SLOT = re.compile(r"\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9_]+))?\}")
_ROLES = {
    "V": ("victim", True),
    "P": ("perpetrator", True),
    "W": ("witness", True),
    "H": ("household", True),
    "PR": ("professional", True),
    "N": ("neighbour", False),
    "F": ("friend", False),
    "O": ("officer", False),
    "C": ("caseworker", False),
    "S": ("associate", False),
}


@dataclass
class Case:
    people: dict[str, Person]
    details: dict[str, str]
    record: list[KnownPerson]


def make_case(rng: random.Random) -> Case:
    """People, their details and the structured record the redactor is given."""
    people = {key: make_person(rng, role, rec) for key, (role, rec) in _ROLES.items()}
    v = people["V"]
    if rng.random() < 0.7:
        people["H"] = make_person(rng, "household", True, surname=v.last, locale=v.locale)
    details: dict[str, str] = {}
    for key in ("V", "P", "X"):
        details[f"addr.{key}"] = _address(rng)
        details[f"pc.{key}"] = _faker("en_GB").postcode()
        details[f"phone.{key}"] = _faker("en_GB").phone_number()
        details[f"reg.{key}"] = _vehicle(rng)
    for key in ("V", "P", "X"):
        owner = people.get(key, people["S"])
        details[f"email.{key}"] = _email(rng, owner)
        details[f"handle.{key}"] = _handle(rng, owner)
        details[f"work.{key}"] = _workplace(rng, owner)
    details["ni.P"] = _ni(rng)
    details["school.H"] = _school(rng, people["H"])
    details["town"] = rng.choice(UK_TOWNS)
    record = _record(rng, people, details)
    return Case(people, details, record)


def _record(rng: random.Random, people: dict[str, Person], d: dict[str, str]) -> list[KnownPerson]:
    v, p = people["V"], people["P"]
    out = [
        KnownPerson(
            name=f"{v.first} {v.last}",
            role="victim",
            aliases=(v.nick,) if rng.random() < 0.8 else (),
            addresses=(f"{d['addr.V']}, {d['town']} {d['pc.V']}",),
            date_of_birth=v.dob,
            phones=(d["phone.V"],),
            emails=(d["email.V"],),
        ),
        KnownPerson(
            name=f"{p.first} {p.last}",
            role="perpetrator",
            aliases=(p.nick,) if rng.random() < 0.6 else (),
            addresses=(f"{d['addr.P']}, {d['town']} {d['pc.P']}",) if rng.random() < 0.7 else (),
            date_of_birth=p.dob if rng.random() < 0.8 else None,
            handles=(d["handle.P"],) if rng.random() < 0.5 else (),
            vehicles=(d["reg.P"],) if rng.random() < 0.5 else (),
            ni_number=d["ni.P"] if rng.random() < 0.5 else None,
        ),
    ]
    for key, role in (("W", "witness"), ("H", "household"), ("PR", "professional")):
        person = people[key]
        out.append(
            KnownPerson(name=f"{person.first} {person.last}", role=role, date_of_birth=person.dob)
        )
    return out


def _plain_slot(rng: random.Random, name: str, arg: str | None, case: Case) -> str:
    if name == "date":
        d = date(2025, 1, 1) + timedelta(days=rng.randrange(500))
        return rng.choice([f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day} {MONTHS[d.month - 1]}"])
    if name == "time":
        return f"{rng.randrange(24):02d}{rng.choice(['00', '15', '30', '45'])}"
    if name == "num":
        return str(rng.randrange(2, 120))
    if name == "town":
        return case.details["town"]
    raise KeyError(name)


def _identifier_slot(rng: random.Random, name: str, arg: str | None, case: Case) -> tuple[str, str]:
    """Return (text, kind) for a slot that is an identifier."""
    key = f"{name}.{arg}"
    kinds = {
        "addr": "address",
        "pc": "postcode",
        "phone": "phone",
        "email": "email",
        "reg": "vehicle",
        "handle": "handle",
        "work": "workplace",
        "ni": "ni_number",
        "school": "school",
    }
    if name in kinds:
        return case.details[key], kinds[name]
    if name == "dob":
        dob = case.people[arg or "V"].dob
        assert dob is not None
        return _dob_text(dob, rng), "date_of_birth"
    if name == "yob":
        dob = case.people[arg or "P"].dob
        assert dob is not None
        return str(dob.year), "date_of_birth"
    if name in {"ref", "ref2"}:
        return _crime_ref(rng), "crime_ref"
    if name == "cad":
        return str(rng.randrange(100, 9999)), "crime_ref"
    if name == "collar":
        return str(rng.randrange(100, 99999)), "collar_number"
    if name == "street":
        return f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_SUFFIXES)}", "address"
    if name in _TUNING_PLACES:
        return _TUNING_PLACES[name](rng, case.people.get(arg or "", case.people["S"]))
    raise KeyError(name)


def render(template: str, case: Case, rng: random.Random, b: Builder) -> None:
    """Render one sentence template into ``b``."""
    pos = 0
    for m in _SLOT.finditer(template):
        b.add(template[pos : m.start()])
        name, arg = m.group(1), m.group(2)
        if name in case.people:
            add_person(b, case.people[name], arg or "full", rng)
        elif name == "hw":
            b.add(_strand_word(rng, arg or "any"), "keep")
        elif name in {"date", "time", "num", "town"}:
            b.add(_plain_slot(rng, name, arg, case))
        else:
            text, kind = _identifier_slot(rng, name, arg, case)
            b.add(text, kind, f"{kind}:{name}")
        pos = m.end()
    b.add(template[pos:])


def make_doc(rng: random.Random, templates: list[str], sentences: tuple[int, int] = (5, 9)) -> Doc:
    case = make_case(rng)
    b = Builder()
    chosen = rng.sample(templates, rng.randint(*sentences))
    for i, template in enumerate(chosen):
        if i:
            b.add(rng.choice([" ", " ", "\n"]))
        render(template, case, rng, b)
    b.doc.text = "".join(b.parts)
    b.doc.known_people = case.record
    return b.doc


def corpus(which: str, n: int, seed: int) -> list[Doc]:
    """``n`` documents from the ``tuning`` or ``held_out`` templates, reproducible by seed."""
    templates = {"tuning": TUNING, "held_out": HELD_OUT}[which]
    rng = random.Random(f"{which}:{seed}")
    _faker("en_GB").seed_instance(seed)
    return [make_doc(rng, templates) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["tuning", "held_out"], default="tuning")
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for doc in corpus(args.set, args.n, args.seed):
        print(doc.text)
        for start, end, kind, detail in doc.identifiers:
            print(f"  {kind:14} {doc.text[start:end]!r:40} {detail}")
        print()


if __name__ == "__main__":
    main()
