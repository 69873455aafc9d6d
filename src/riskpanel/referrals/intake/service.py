"""Turning a validated referral into rows: the victim, the other people, the incidents and
their strands, and the strand flag check.

Every person is a new record at intake, even when the victim is already known: whether two
records are one person is a coordinator's decision (``people.service``), never a guess made
while the referral is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import Session

from riskpanel.cases.panel_routes.service import (
    assessment_facts,
    decide,
    order_routes,
    route_json,
    thresholds_for,
)
from riskpanel.config import Settings
from riskpanel.models import (
    Incident,
    IncidentStrand,
    Panel,
    Person,
    PersonMatch,
    Referral,
    RiskAssessment,
    utcnow,
)
from riskpanel.models.enums import CaseRole, ConsentStatus, IncidentKind
from riskpanel.people.match_keys import name_key, tidy_postcode
from riskpanel.referrals import repository as repo
from riskpanel.referrals.schemas import (
    ConsentIn,
    HouseholdMemberIn,
    IncidentIn,
    PerpetratorIn,
    ReferralCreate,
    VictimIn,
)
from riskpanel.risk import (
    FlagCheck,
    Lexicon,
    RouteThresholds,
    StrandEvidence,
    StrandSelection,
    check_flags,
    load_lexicon,
    normalise_location,
)
from riskpanel.risk.lexicon import LEXICON_FILE
from riskpanel.victims import clock as vc
from riskpanel.workflow import WorkflowRegistry


@lru_cache(maxsize=8)
def _lexicon(path: str) -> Lexicon:
    return load_lexicon(Path(path))


def lexicon_for(settings: Settings) -> Lexicon:
    return _lexicon(str(Path(settings.workflows_dir) / LEXICON_FILE))


def _consent_status(consent: ConsentIn) -> str:
    if consent.victim_consents:
        return ConsentStatus.GIVEN.value
    return ConsentStatus.REFUSED.value if consent.victim_aware else ConsentStatus.NOT_ASKED.value


def create_victim(session: Session, victim: VictimIn, consent: ConsentIn) -> Person:
    demographics = victim.demographics
    person = Person(
        given_name=victim.given_name,
        family_name=victim.family_name,
        aliases=list(victim.aliases),
        date_of_birth=victim.date_of_birth,
        address_line=victim.address_line,
        postcode=tidy_postcode(victim.postcode),
        district=victim.district,
        ward=victim.ward,
        phone=victim.contact.phone,
        email=victim.contact.email,
        safe_to_contact=victim.contact.safe_to_contact,
        contact_preferences=dict(victim.contact.preferences),
        language=victim.communication.language,
        interpreter_needed=victim.communication.interpreter_needed,
        accessibility_needs=victim.communication.accessibility_needs,
        consent_status=_consent_status(consent),
        consent_scope=victim.consent_scope,
        lawful_basis=victim.lawful_basis.value,
        special_category_basis=victim.special_category_basis,
        name_key=name_key(victim.given_name, victim.family_name),
        **demographics.model_dump(),
    )
    session.add(person)
    session.flush()
    return person


def _identified(p: PerpetratorIn | HouseholdMemberIn) -> bool:
    return any([p.given_name, p.family_name, getattr(p, "aliases", None), p.date_of_birth])


def _person(session: Session, p: PerpetratorIn | HouseholdMemberIn, basis: str) -> int | None:
    if not _identified(p) and not getattr(p, "address_line", None):
        return None
    person = Person(
        given_name=p.given_name,
        family_name=p.family_name,
        aliases=list(getattr(p, "aliases", [])),
        date_of_birth=p.date_of_birth,
        address_line=getattr(p, "address_line", None),
        postcode=tidy_postcode(getattr(p, "postcode", None)),
        lawful_basis=basis,
        nchi_justification=getattr(p, "nchi_justification", None),
        name_key=name_key(p.given_name, p.family_name),
    )
    session.add(person)
    session.flush()
    return person.id


def create_parties(session: Session, data: ReferralCreate) -> list[dict[str, Any]]:
    """Household members and perpetrators as given; each identified one becomes a person."""
    basis = data.victim.lawful_basis.value
    parties: list[dict[str, Any]] = []
    for m in data.household.members:
        parties.append(
            {
                "role": CaseRole.HOUSEHOLD_MEMBER.value,
                "person_id": _person(session, m, basis),
                "known": True,
                "is_group": False,
                "group_description": None,
                "relationship_to_victim": m.relationship_to_victim,
                "lives_nearby": None,
                "is_child": m.is_child,
                "vulnerable": m.vulnerable,
            }
        )
    for p in data.perpetrators:
        parties.append(
            {
                "role": CaseRole.PERPETRATOR.value,
                "person_id": _person(session, p, basis),
                "known": p.known,
                "is_group": p.is_group,
                "group_description": p.group_description,
                "relationship_to_victim": p.relationship_to_victim,
                "lives_nearby": p.lives_nearby,
                "is_child": False,
            }
        )
    return parties


def _keys(incident: IncidentIn) -> tuple[str | None, str | None]:
    """Join keys for intelligence: the place (or postcode) and the online account."""
    location_key = None
    if incident.place:
        loc = normalise_location(incident.place)
        location_key = f"{loc.kind.value}:{loc.key}"[:300] if loc.key else None
    handle_key = None
    if incident.online and incident.handle:
        handle = normalise_location(incident.handle, incident.platform)
        handle_key = handle.key[:200] if handle.kind.value == "handle" else None
    return location_key, handle_key


def create_incidents(
    session: Session,
    referral: Referral,
    incidents: list[IncidentIn],
    selections: list[StrandSelection],
) -> list[Incident]:
    rows = []
    for data, selection in zip(incidents, selections, strict=True):
        location_key, handle_key = _keys(data)
        row = Incident(
            referral_id=referral.id or 0,
            victim_person_id=referral.victim_person_id,
            kind=data.kind.value,
            occurred_on=data.occurred_on,
            reported_at=data.reported_at,
            district=data.district,
            ward=data.ward,
            location=data.place,
            location_key=location_key,
            online=data.online,
            platform=data.platform if data.online else None,
            handle=data.handle if data.online else None,
            handle_key=handle_key,
            crime_reference=data.crime_reference,
            perceived_by=data.perceived_by.value,
            description=data.description,
        )
        session.add(row)
        session.flush()
        set_strands(session, row, selection)
        rows.append(row)
    return rows


def set_strands(session: Session, incident: Incident, selection: StrandSelection) -> None:
    for strand in selection.national:
        session.add(IncidentStrand(incident_id=incident.id or 0, strand=strand, monitored=True))
    for strand in selection.local:
        session.add(IncidentStrand(incident_id=incident.id or 0, strand=strand, monitored=False))


def _evidence(items: Iterable[StrandEvidence]) -> list[dict[str, Any]]:
    return [
        {
            "strand": e.strand,
            "national": e.national,
            "terms": list(e.terms),
            "snippets": list(e.snippets),
            "fields": list(e.fields),
        }
        for e in items
    ]


def flag_check_json(result: FlagCheck, lexicon: Lexicon, flagged: list[str]) -> dict[str, Any]:
    return {
        "lexicon": f"{lexicon.name} {lexicon.version}",
        "flagged": flagged,
        "likely_missing": _evidence(result.likely_missing),
        "doubtful": list(result.doubtful),
        "confirmed": _evidence(result.confirmed),
        "unknown_flags": list(result.unknown_flags),
        "clean": result.clean,
        "checked_at": utcnow().isoformat(),
    }


def run_flag_check(
    *,
    lexicon: Lexicon,
    narrative: str,
    why_answer: str,
    descriptions: Iterable[str | None],
    flagged: Iterable[str],
    people: Iterable[Person],
) -> dict[str, Any]:
    """Which strands the words suggest against those flagged; people's own names and
    addresses never count as evidence."""
    people = list(people)
    names = [n for p in people for n in (p.given_name, p.family_name, *(p.aliases or [])) if n]
    places = [p.address_line for p in people if p.address_line]
    text = "\n".join([narrative, *(d for d in descriptions if d)])
    wanted = sorted(set(flagged))
    result = check_flags(text, why_answer, wanted, lexicon, known_names=names, known_places=places)
    return flag_check_json(result, lexicon, wanted)


def _provisional_repeat(
    session: Session,
    referral: Referral,
    incidents: list[Incident],
    suggestions: list[PersonMatch],
    thresholds: RouteThresholds,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[str]]:
    """A repeat through the best suggested match that has a case in this panel."""
    for match in sorted(suggestions, key=lambda m: -m.score):
        other = (
            match.person_a_id
            if match.person_b_id == referral.victim_person_id
            else match.person_b_id
        )
        cases = repo.other_cases(session, other, referral.panel_id, None)
        if not cases:
            continue
        case = cases[0]
        decision = decide(
            now=now,
            thresholds=thresholds,
            incident_days=[i.occurred_on for i in incidents],
            assessment={},
            last_referral_at=case.last_referral_at,
        )
        condition = (
            f"if the suggested match (score {match.score:.2f}) with the victim of case "
            f"{case.reference} is confirmed"
        )
        routes = [
            {
                **r,
                "primary": False,
                "provisional": True,
                "case_id": case.id,
                "match_id": match.id,
                "evidence": f"{condition}: {r['evidence']}",
            }
            for r in route_json(decision)
            if r["kind"] == "repeat"
        ]
        return routes, [f"{condition}: {note}" for note in decision.notes]
    return [], []


def intake_routes(
    *,
    session: Session,
    referral: Referral,
    incidents: list[Incident],
    assessment: RiskAssessment | None,
    suggestions: list[PersonMatch],
    panel: Panel,
    workflows: WorkflowRegistry,
    settings: Settings,
    now: datetime,
) -> dict[str, Any]:
    thresholds = thresholds_for(panel, workflows, settings)
    decision = decide(
        now=now,
        thresholds=thresholds,
        incident_days=[i.occurred_on for i in incidents],
        assessment=assessment_facts(assessment),
        community_trigger=referral.community_trigger,
    )
    routes = order_routes(route_json(decision), thresholds)
    provisional, provisional_notes = _provisional_repeat(
        session, referral, incidents, suggestions, thresholds, now
    )
    return {
        "routes": [*routes, *provisional],
        "eligible": bool(routes),
        "notes": list(decision.notes),
        "provisional_notes": provisional_notes,
        "computed_at": now.isoformat(),
    }


def intake_victims_code(
    *, data: ReferralCreate, panel: Panel, workflows: WorkflowRegistry, settings: Settings
) -> dict[str, Any]:
    """Deadlines from when the (latest) crime was reported; none for incidents only."""
    crimes = [i for i in data.incidents if i.kind == IncidentKind.CRIME]
    if not crimes:
        return vc.not_applicable(
            "no crime is reported: the Victims' Code entitlements apply to victims of crime"
        )
    return vc.plan(
        reported_at=max(i.reported_at for i in crimes),
        enhanced=data.victims_code.enhanced_rights,
        support_opt_out=data.victims_code.support_opt_out,
        rules=vc.rules_for(settings, workflows.get(panel.workflow_name)),
    )
