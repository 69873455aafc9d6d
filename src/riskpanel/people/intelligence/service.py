"""Intelligence links: perpetrators, places and online accounts that recur across cases.

HMICFRS (2018) found too little intelligence gathered: the same person, bus stop or account
turns up in several victims' cases and nobody notices. Links are found when a panel reads a
case, by indexed equality on the stored keys (name key, date of birth, location key, handle
key) and then scored, so each link carries the reasons a person can check. Links stay inside
the panel: another panel's cases are not disclosed here.
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session

from riskpanel.access.visible import visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Person
from riskpanel.models.enums import AuditAction
from riskpanel.people.intelligence import repository
from riskpanel.people.match_keys import display_name, facts_of, name_key
from riskpanel.people.schemas import CaseIntelligence, LinkedCase, PerpetratorLinks, PlaceLinks
from riskpanel.risk import match_score
from riskpanel.risk.names import normalise_name, split_full_name

LINK_THRESHOLD = 0.75  # a same-name perpetrator with no other facts (0.775) still links


def _linked(case: Case, score: float | None = None, reasons: list[str] | None = None) -> LinkedCase:
    return LinkedCase(
        case_id=case.id or 0,
        reference=case.reference,
        state=case.state,
        score=score,
        reasons=reasons or [],
    )


def _keys_of(person: Person) -> set[str]:
    keys = {name_key(person.given_name, person.family_name)}
    for alias in person.aliases or []:
        first, last = split_full_name(alias)
        keys.add(name_key(first, last))
    return {k for k in keys if k}


def _aliases(person: Person) -> set[str]:
    return {normalise_name(a) for a in person.aliases or [] if normalise_name(a)}


def _perpetrator_pool(session: Session, case: Case, person: Person) -> list[tuple[Person, Case]]:
    """Perpetrators of the panel's other cases sharing a key with ``person``: the ids first
    (one indexed lookup per key), then their cases, so no table is scanned."""
    return repository.perpetrator_pool(session, case, person, _keys_of(person))


def _perpetrator_links(session: Session, case: Case, person: Person) -> PerpetratorLinks:
    best: dict[int, LinkedCase] = {}
    for other, other_case in _perpetrator_pool(session, case, person):
        if other.id == person.id:
            score, reasons = 1.0, ["same person record"]
        else:
            result = match_score(facts_of(person), facts_of(other))
            score, reasons = result.score, list(result.reasons)
            shared = _aliases(person) & (_aliases(other) | {normalise_name(display_name(other))})
            if shared:
                score = max(score, 0.9)
                reasons.insert(0, f"shared name or alias ({', '.join(sorted(shared))})")
        known = best.get(other_case.id or 0)
        if score >= LINK_THRESHOLD and (known is None or (known.score or 0) < score):
            best[other_case.id or 0] = _linked(other_case, round(score, 4), reasons)
    cases = sorted(best.values(), key=lambda c: (-(c.score or 0), c.case_id))
    return PerpetratorLinks(
        person_id=person.id or 0,
        name=display_name(person),
        other_case_count=len(cases),
        other_cases=cases,
    )


def _key_links(
    session: Session,
    case: Case,
    column: str,
    values: dict[str, str | None],
    kind_of: dict[str, str],
) -> list[PlaceLinks]:
    if not values:
        return []
    rows = repository.cases_sharing_key(session, case, column, list(values))
    found: dict[str, dict[int, Case]] = defaultdict(dict)
    for key, other in rows:
        found[key][other.id or 0] = other
    return [
        PlaceLinks(
            kind=kind_of[key],
            key=key,
            platform=values[key],
            other_case_count=len(found[key]),
            other_cases=[_linked(c) for _, c in sorted(found[key].items())],
        )
        for key in sorted(found)
    ]


def _summary(perps: list[PerpetratorLinks], places: list[PlaceLinks]) -> list[str]:
    lines = [
        f"{p.name} is named in {p.other_case_count} other case(s)"
        for p in perps
        if p.other_case_count
    ]
    lines += [f"{p.kind} {p.key} recurs in {p.other_case_count} other case(s)" for p in places]
    return lines


def case_intelligence(*, session: Session, caller: Caller, case_id: int) -> CaseIntelligence:
    case = visible_case(session, caller, case_id)
    perpetrators = repository.perpetrators_of(session, case_id)
    perps = [_perpetrator_links(session, case, p) for p in perpetrators]
    incidents = repository.incidents_of(session, case_id)
    places: dict[str, str | None] = {i.location_key: None for i in incidents if i.location_key}
    handles = {i.handle_key: i.platform for i in incidents if i.handle_key}
    kinds = {k: k.partition(":")[0] for k in places} | {k: "handle" for k in handles}
    locations = _key_links(session, case, "location_key", places, kinds)
    accounts = _key_links(session, case, "handle_key", handles, kinds)
    groups: list[PerpetratorLinks | PlaceLinks] = [*perps, *locations, *accounts]
    linked = sorted({c.case_id for group in groups for c in group.other_cases})
    _audit(session, caller.principal, case, linked)
    return CaseIntelligence(
        case_id=case_id,
        perpetrators=perps,
        locations=locations,
        handles=accounts,
        summary=_summary(perps, [*locations, *accounts]),
    )


def _audit(session: Session, principal: Principal, case: Case, linked: list[int]) -> None:
    """A consultation of the case's links, and a combination too when other cases were linked."""
    actions = [AuditAction.CONSULTATION]
    if linked:
        actions.append(AuditAction.COMBINATION)
    for action in actions:
        about = About.case(case, "case_intelligence", victim=False)
        logged = ["perpetrator_links", "location_links", "handle_links"]
        detail = {"linked_case_ids": linked}
        record_on(
            session, principal, action, "case_management", about, fields=logged, detail=detail
        )
