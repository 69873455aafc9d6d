"""Closed cases as rich as real ones, for the scrutiny tests (Faker en_GB, synthetic only).

Each case has a victim with aliases, an address, a date of birth, a phone and an email; a
named perpetrator with an alias and an online handle; a witness; a household member; an
incident (or two) with strands, a crime reference and a place; a risk assessment at referral
and another before closure; the lifecycle in case_history; actions owned by agencies with
review outcomes; the Victims' Code record with a support referral and updates. The narrative
and the actions name all of them in the ways case notes do (full name, "SURNAME, Given",
title and surname, first name alone, alias, dates of birth in several formats) and also name
a person from *another* case, as neighbours' notes do.

``MadeCase.secrets`` lists every value of the structured record that must never reach a
scrutiny member. Names that are also ordinary words, or words the pack itself prints
("Case", "Total", "High"), are not drawn, so a leak check on names is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from faker import Faker
from sqlmodel import Session

from riskpanel.models import (
    Action,
    Case,
    CaseHistory,
    CasePerson,
    Incident,
    IncidentStrand,
    Person,
    Referral,
    RiskAssessment,
    SupportReferral,
    VictimEntitlement,
    VictimUpdate,
)
from riskpanel.privacy.vocab import HOSTILITY_WORDS, common_words
from riskpanel.scrutiny import labels
from riskpanel.scrutiny.facts import REQUIREMENTS
from tests.fixtures import World

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
DISTRICTS = ("Northgate", "Southbank", "Eastfield")
STRAND_WORDS = {
    "race": "his Polish accent",
    "religion": "the mosque she attends",
    "sexual_orientation": "his husband",
    "disability": "her wheelchair",
    "transgender": "her being trans",
}
LIFECYCLE = (
    ("", "referred", "open", 0),
    ("referred", "screening", "start_screening", 1),
    ("screening", "accepted", "accept", 4),
    ("accepted", "listed", "list_for_meeting", 6),
    ("listed", "heard", "hear", 20),
    ("heard", "actions_open", "agree_actions", 20),
    ("actions_open", "review", "start_review", 60),
    ("review", "monitoring", "move_to_monitoring", 70),
)


def _output_words() -> set[str]:
    """Words the pack prints itself: a name equal to one of them would make checks fuzzy."""
    texts: list[str] = []
    for table in (
        labels.ROUTES,
        labels.OUTCOMES,
        labels.ACTION_OUTCOMES,
        labels.STRANDS,
        labels.AGENCY_KINDS,
        REQUIREMENTS,
    ):
        texts += list(table.values())
    texts += [
        "Case",
        "Total",
        "Met",
        "Not",
        "Standard",
        "Medium",
        "High",
        "Victim",
        "Person",
        "Unknown",
        "Withheld",
        "Other",
        "Female",
        "Male",
        "Repeat",
        "Rates",
        "Notes",
        "Panel",
        "Test",
        "North",
        "Testshire",
        "Quarter",
        "Actions",
        "Cases",
        "Police",
    ]
    return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]+", t)}


AVOID = _output_words() | set(HOSTILITY_WORDS)


def _clean(draw: Any) -> str:
    for _ in range(200):
        value = str(draw())
        plain = value.lower()
        if (
            re.fullmatch(r"[A-Za-z][A-Za-z'\-]+", value)
            and len(value) >= 4
            and plain not in AVOID
            and plain not in common_words()
        ):
            return value
    raise AssertionError("no usable name drawn")


@dataclass
class MadeCase:
    case_id: int
    reference: str
    people: list[Person] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    dobs: list[date] = field(default_factory=list)
    district: str = ""
    strands: tuple[str, ...] = ()


class ScrutinyFactory:
    """Makes closed cases for one panel; remembers everyone so later narratives can name
    people from earlier cases (the panel-wide deny-list's reason to exist)."""

    def __init__(self, session: Session, world: World, *, seed: int = 2025) -> None:
        self.session = session
        self.world = world
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.made: list[MadeCase] = []
        self.counter = 0

    def person(self, *, role: str, **extra: Any) -> Person:
        f = self.fake
        given, family = _clean(f.first_name), _clean(f.last_name)
        person = Person(
            given_name=given,
            family_name=family,
            aliases=[_clean(f.first_name)] if role in ("victim", "perpetrator") else [],
            date_of_birth=f.date_of_birth(minimum_age=19, maximum_age=80),
            sex=extra.pop("sex", f.random_element(("female", "male"))),
            address_line=f"{f.building_number()} {_clean(f.last_name)} {f.street_suffix()}",
            postcode=f.postcode(),
            district=extra.pop("district", f.random_element(DISTRICTS)),
            phone=f"07700 9{f.numerify('#####')}",
            email=f"{given.lower()}.{family.lower()}@example.org".replace("'", ""),
            consent_status="given",
            lawful_basis="consent",
            **extra,
        )
        self.session.add(person)
        self.session.flush()
        return person

    def closed_case(
        self,
        *,
        strands: tuple[str, ...] = ("race",),
        district: str | None = None,
        age: int | None = None,
        sex: str | None = None,
        gender: str | None = None,
        closed_on: date | None = None,
        referred_on: date | None = None,
        route: str = "high_risk",
        risk: tuple[str, str] = ("high", "medium"),
        state: str = "closed",
        repeat: bool = False,
        support_in_time: bool = True,
    ) -> MadeCase:
        f, s, w = self.fake, self.session, self.world
        self.counter += 1
        closed_on = closed_on or f.date_between(PERIOD[0], PERIOD[1])
        closed_at = datetime(closed_on.year, closed_on.month, closed_on.day, 11, 0, tzinfo=UTC)
        referred = closed_at - timedelta(days=f.random_int(100, 300))
        if referred_on is not None:
            referred = datetime(referred_on.year, referred_on.month, referred_on.day, 9, tzinfo=UTC)
        victim = self.person(
            role="victim",
            sex=sex or f.random_element(("female", "male")),
            district=district or f.random_element(DISTRICTS),
            gender_identity=gender,
        )
        if age is not None:
            victim.date_of_birth = referred.date().replace(year=referred.year - age, day=1)
        perp, witness, household = (
            self.person(role="perpetrator"),
            self.person(role="witness"),
            self.person(role="household"),
        )
        case = Case(
            reference=f"HC-{referred.year}-{900000 + self.counter:06d}",
            panel_id=w.panel.id or 0,
            victim_person_id=victim.id,
            state=state,
            workflow_name="hate_crime_panel",
            workflow_version=1,
            route=route,
            route_evidence=[{"kind": route, "evidence": "synthetic"}],
            risk_level=risk[1],
            strands_confirmed=True,
            opened_at=referred,
            state_entered_at=closed_at,
            last_referral_at=referred,
            last_hearing_at=referred + timedelta(days=20),
            closed_at=closed_at,
        )
        s.add(case)
        s.flush()
        cid = case.id or 0
        crime_ref = f"13/{f.numerify('######')}/{referred.year % 100:02d}"
        handle = f"@{perp.given_name.lower()}_{f.numerify('##')}"
        location = f"{f.building_number()} {_clean(f.last_name)} Road"
        other = self.made[-1].people[0] if self.made else None
        narrative = self._narrative(
            victim,
            perp,
            witness,
            household,
            strands,
            crime_ref,
            handle,
            location,
            case.reference,
            other,
        )
        referral = Referral(
            reference=f"R-{700000 + self.counter}",
            panel_id=w.panel.id or 0,
            case_id=cid,
            referring_agency_id=w.agencies["police"].id,
            victim_person_id=victim.id or 0,
            status="accepted",
            received_at=referred,
            narrative=narrative,
            why_answer=f"Because {perp.given_name} hates people like me, {victim.given_name} said.",
            victim_aware=True,
            victim_consents=True,
            parties=[{"role": "perpetrator", "person_id": perp.id, "known": True}],
        )
        s.add(referral)
        s.flush()
        for person, role in (
            (victim, "victim"),
            (perp, "perpetrator"),
            (witness, "witness"),
            (household, "household_member"),
        ):
            s.add(CasePerson(case_id=cid, person_id=person.id, referral_id=referral.id, role=role))
        self._incidents(case, referral, victim, strands, crime_ref, handle, location, referred)
        self._risk(case, referral, referred, risk)
        self._history(case, referred, closed_at, repeat)
        self._actions(case, victim, perp, crime_ref, referred)
        self._victims_code(case, victim, referred, support_in_time)
        s.commit()
        made = MadeCase(
            case_id=cid,
            reference=case.reference,
            people=[victim, perp, witness, household],
            dobs=[p.date_of_birth for p in (victim, perp, witness, household) if p.date_of_birth],
            district=victim.district or "",
            strands=strands,
        )
        made.secrets = self._secrets(made, [crime_ref, handle, location, referral.reference])
        self.made.append(made)
        return made

    def _narrative(
        self,
        v: Person,
        p: Person,
        wit: Person,
        hh: Person,
        strands: tuple[str, ...],
        crime_ref: str,
        handle: str,
        location: str,
        reference: str,
        other: Person | None,
    ) -> str:
        dob = v.date_of_birth or date(1980, 1, 1)
        what = " and ".join(STRAND_WORDS[x] for x in strands)
        lines = [
            f"{v.given_name} {v.family_name} (DOB {dob:%d/%m/%Y}) of {v.address_line}, "
            f"{v.postcode} reports that {p.given_name} {p.family_name} shouted abuse about "
            f"{what} outside {location}.",
            f"{(v.family_name or '').upper()}, {v.given_name} ({dob:%d.%m.%Y}) called 999 from "
            f"{v.phone}. Crime reference {crime_ref}. Case {reference}.",
            f"Her neighbour {wit.given_name} saw it. {p.aliases[0]} posts threats as {handle}.",
            f"{v.aliases[0]} emails from {v.email}. Mr {p.family_name} lives at {p.address_line}.",
            f"{v.given_name} was born on {dob.day} {dob:%B %Y}; her son {hh.given_name} "
            f"{hh.family_name} (born {hh.date_of_birth:%d/%m/%Y}) is frightened.",
        ]
        if other is not None:
            lines.append(
                f"{other.given_name} {other.family_name}, who lives nearby, was also "
                f"targeted, and {other.given_name} saw {p.given_name} there again."
            )
        return " ".join(lines)

    def _incidents(
        self,
        case: Case,
        referral: Referral,
        v: Person,
        strands: tuple[str, ...],
        crime_ref: str,
        handle: str,
        location: str,
        referred: datetime,
    ) -> None:
        inc = Incident(
            referral_id=referral.id or 0,
            case_id=case.id,
            victim_person_id=v.id or 0,
            kind="crime",
            occurred_on=(referred - timedelta(days=2)).date(),
            reported_at=referred - timedelta(days=1),
            district=v.district,
            location=location,
            online=True,
            platform="Instagram",
            handle=handle,
            crime_reference=crime_ref,
            perceived_by="victim",
            description=f"Abuse at {location} by the man {v.given_name} knows as {handle}.",
        )
        self.session.add(inc)
        self.session.flush()
        for strand in strands:
            self.session.add(IncidentStrand(incident_id=inc.id or 0, strand=strand))

    def _risk(
        self, case: Case, referral: Referral, referred: datetime, risk: tuple[str, str]
    ) -> None:
        for level, when, link in (
            (risk[0], referred, "referral"),
            (risk[1], referred + timedelta(days=60), "case"),
        ):
            self.session.add(
                RiskAssessment(
                    case_id=case.id if link == "case" else None,
                    referral_id=referral.id if link == "referral" else None,
                    checklist_name="hate_crime_checklist",
                    checklist_version=1,
                    score={"standard": 4, "medium": 9, "high": 16}[level],
                    actuarial_level=level,
                    level=level,
                    assessed_at=when,
                )
            )

    def _history(self, case: Case, referred: datetime, closed_at: datetime, repeat: bool) -> None:
        steps = list(LIFECYCLE)
        if repeat:
            steps += [
                ("monitoring", "actions_open", "repeat_reopen", 80),
                ("actions_open", "review", "start_review", 90),
                ("review", "monitoring", "move_to_monitoring", 95),
            ]
        for src, dest, trigger, day in steps:
            self.session.add(
                CaseHistory(
                    case_id=case.id or 0,
                    from_state=src,
                    to_state=dest,
                    trigger=trigger,
                    workflow_version=1,
                    actor_label="Test",
                    at=referred + timedelta(days=day),
                )
            )
        last = "withdraw" if case.state == "withdrawn" else "close_after_window"
        self.session.add(
            CaseHistory(
                case_id=case.id or 0,
                from_state="monitoring",
                to_state=case.state,
                trigger=last,
                workflow_version=1,
                actor_label="Test",
                at=closed_at,
            )
        )

    def _actions(
        self, case: Case, v: Person, p: Person, crime_ref: str, referred: datetime
    ) -> None:
        w = self.world
        plans = [
            (
                "housing",
                f"Visit Ms {v.family_name} at {v.address_line} and fit a door camera.",
                "completed",
            ),
            (
                "police",
                f"Arrest {p.given_name} {p.family_name} for crime {crime_ref}.",
                "not_possible_circumstances_changed",
            ),
            ("victim_support", f"Call {v.given_name} on {v.phone} every week.", "completed"),
        ]
        for i, (agency, text, outcome) in enumerate(plans):
            self.session.add(
                Action(
                    reference=f"A-{case.id}-{i}",
                    case_id=case.id or 0,
                    agency_id=w.agencies[agency].id or 0,
                    description=text,
                    due_on=(referred + timedelta(days=40)).date(),
                    progress="completed",
                    review_outcome=outcome,
                    reviewed_at=referred + timedelta(days=60),
                    created_at=referred + timedelta(days=30),  # agreed at the hearing
                )
            )

    def _victims_code(self, case: Case, v: Person, referred: datetime, in_time: bool) -> None:
        reported = referred - timedelta(days=1)
        s = self.session
        s.add(
            VictimEntitlement(
                case_id=case.id or 0,
                person_id=v.id or 0,
                reported_at=reported,
                needs_assessed_at=referred,
                support_referral_due_at=reported + timedelta(days=2),
                key_update_due_at=reported + timedelta(days=1),
            )
        )
        at = reported + timedelta(days=1 if in_time else 5)
        s.add(
            SupportReferral(
                case_id=case.id or 0,
                person_id=v.id or 0,
                service="Victim Support",
                status="made",
                at=at,
            )
        )
        s.add(
            VictimUpdate(
                case_id=case.id or 0,
                person_id=v.id or 0,
                kind="key_update",
                method="phone",
                given_at=reported + timedelta(hours=20),
            )
        )

    def _secrets(self, made: MadeCase, extra: list[str]) -> list[str]:
        out = [made.reference, *extra]
        for p in made.people:
            out += [p.given_name or "", p.family_name or "", *p.aliases]
            out += [f"{p.given_name} {p.family_name}", p.address_line or "", p.postcode or ""]
            out += [p.phone or "", (p.phone or "").replace(" ", ""), p.email or ""]
        return [x for x in out if x]


def dob_forms(dob: date) -> list[str]:
    """A date of birth in every format the narratives (or a careless output) could use."""
    return [
        f"{dob:%d/%m/%Y}",
        f"{dob:%d.%m.%Y}",
        dob.isoformat(),
        f"{dob.day} {dob:%B %Y}",
        f"{dob:%d/%m/%y}",
    ]
