"""Reading concluded cases for scrutiny: structured facts in bulk, and their text on request.

Everything is loaded in a handful of queries per chunk of cases (never one query per case), so
the partnership statistics over a year of a busy panel stay cheap. Rows are turned into the
plain values of :mod:`.facts` here and go no further.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, or_, select

from riskpanel.models import (
    Action,
    ActionUpdate,
    Agency,
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
from riskpanel.models.enums import AssessmentStanding
from riskpanel.scrutiny.case_text import Told, case_text, roles_in
from riskpanel.scrutiny.facts import ActionFact, CaseFacts, CaseText, HistoryFact, VictimsCodeFact

CHUNK = 500
CONCLUDED = ("closed", "withdrawn")
T = TypeVar("T")


def period_bounds(start: date, end: date, tz: str) -> tuple[datetime, datetime]:
    """The period as UTC instants: from local midnight on ``start`` to the midnight after
    ``end``, so a case closed late on the last day counts in the period it belongs to."""
    zone = ZoneInfo(tz)
    low = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    high = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return low, high


def concluded_cases(
    session: Session,
    *,
    panel_id: int,
    start: date,
    end: date,
    tz: str,
    states: Sequence[str] = CONCLUDED,
) -> list[Case]:
    """The panel's cases that reached one of ``states`` in the period, oldest id first."""
    low, high = period_bounds(start, end, tz)
    return list(
        session.exec(
            select(Case)
            .where(
                col(Case.panel_id) == panel_id,
                col(Case.state).in_(list(states)),
                col(Case.closed_at) >= low,
                col(Case.closed_at) < high,
                col(Case.erased_at).is_(None),
            )
            .order_by(col(Case.id))
        ).all()
    )


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass
class _Rows:
    """Every row a chunk of cases needs, grouped by case id."""

    referrals: dict[int, list[Referral]] = field(default_factory=lambda: defaultdict(list))
    incidents: dict[int, list[Incident]] = field(default_factory=lambda: defaultdict(list))
    strands: dict[int, list[IncidentStrand]] = field(default_factory=lambda: defaultdict(list))
    assessments: dict[int, list[RiskAssessment]] = field(default_factory=lambda: defaultdict(list))
    history: dict[int, list[CaseHistory]] = field(default_factory=lambda: defaultdict(list))
    actions: dict[int, list[tuple[Action, str]]] = field(default_factory=lambda: defaultdict(list))
    entitlements: dict[int, VictimEntitlement] = field(default_factory=dict)
    support: dict[int, list[SupportReferral]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[int, list[VictimUpdate]] = field(default_factory=lambda: defaultdict(list))
    people: dict[int, Person] = field(default_factory=dict)
    agency_kinds: dict[int, str] = field(default_factory=dict)
    completed: dict[int, datetime] = field(default_factory=dict)  # action id -> first report
    case_people: dict[int, list[CasePerson]] = field(default_factory=lambda: defaultdict(list))


def _load_rows(session: Session, ids: Sequence[int], victim_ids: set[int]) -> _Rows:
    rows = _Rows()
    referral_case: dict[int, int] = {}
    for r in session.exec(
        select(Referral).where(col(Referral.case_id).in_(ids)).order_by(col(Referral.received_at))
    ):
        rows.referrals[r.case_id or 0].append(r)
        referral_case[r.id or 0] = r.case_id or 0
    ref_ids = list(referral_case)
    for inc in session.exec(
        select(Incident)
        .where(or_(col(Incident.case_id).in_(ids), col(Incident.referral_id).in_(ref_ids)))
        .order_by(col(Incident.occurred_on), col(Incident.id))
    ):
        rows.incidents[inc.case_id or referral_case.get(inc.referral_id, 0)].append(inc)
    incident_ids = [i.id for group in rows.incidents.values() for i in group]
    for s in session.exec(
        select(IncidentStrand).where(col(IncidentStrand.incident_id).in_(incident_ids))
    ):
        rows.strands[s.incident_id].append(s)
    for a in session.exec(
        select(RiskAssessment)
        .where(
            or_(col(RiskAssessment.case_id).in_(ids), col(RiskAssessment.referral_id).in_(ref_ids)),
            col(RiskAssessment.standing) == AssessmentStanding.DECISION,  # the panel's levels
        )
        .order_by(col(RiskAssessment.assessed_at), col(RiskAssessment.id))
    ):
        rows.assessments[a.case_id or referral_case.get(a.referral_id or 0, 0)].append(a)
    for h in session.exec(
        select(CaseHistory)
        .where(col(CaseHistory.case_id).in_(ids))
        .order_by(col(CaseHistory.at), col(CaseHistory.id))
    ):
        rows.history[h.case_id].append(h)
    for action, kind in session.exec(
        select(Action, Agency.kind)
        .join(Agency, col(Agency.id) == col(Action.agency_id))
        .where(col(Action.case_id).in_(ids))
        .order_by(col(Action.id))
    ):
        rows.actions[action.case_id].append((action, kind))
    _load_agencies_and_completions(session, rows)
    _load_victims_code(session, ids, rows)
    for p in session.exec(select(Person).where(col(Person.id).in_(list(victim_ids)))):
        rows.people[p.id or 0] = p
    return rows


def _load_agencies_and_completions(session: Session, rows: _Rows) -> None:
    """The kind of each referring agency, and when each action was first reported done."""
    agency_ids = {r.referring_agency_id for rs in rows.referrals.values() for r in rs}
    agency_ids.discard(None)
    if agency_ids:
        for agency_id, kind in session.exec(
            select(Agency.id, Agency.kind).where(col(Agency.id).in_(list(agency_ids)))
        ):
            rows.agency_kinds[agency_id or 0] = kind
    action_ids = [a.id for group in rows.actions.values() for a, _ in group]
    if not action_ids:
        return
    for action_id, at in session.exec(
        select(ActionUpdate.action_id, ActionUpdate.at)
        .where(
            col(ActionUpdate.action_id).in_(action_ids), col(ActionUpdate.progress) == "completed"
        )
        .order_by(col(ActionUpdate.at))
    ):
        rows.completed.setdefault(action_id, at)


def _load_victims_code(session: Session, ids: Sequence[int], rows: _Rows) -> None:
    for e in session.exec(select(VictimEntitlement).where(col(VictimEntitlement.case_id).in_(ids))):
        rows.entitlements[e.case_id] = e
    for s in session.exec(select(SupportReferral).where(col(SupportReferral.case_id).in_(ids))):
        rows.support[s.case_id].append(s)
    for u in session.exec(select(VictimUpdate).where(col(VictimUpdate.case_id).in_(ids))):
        rows.updates[u.case_id].append(u)


def _parse_at(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _victims_code(case_id: int, rows: _Rows) -> VictimsCodeFact:
    """From the entitlement record, else from the Victims' Code plan kept on the referral."""
    entitlement = rows.entitlements.get(case_id)
    support = tuple(sorted((s.at, s.status) for s in rows.support.get(case_id, [])))
    updates = tuple(sorted(u.given_at for u in rows.updates.get(case_id, [])))
    if entitlement is not None:
        return VictimsCodeFact(
            applies=True,
            opted_out=entitlement.support_opt_out,
            support_due_at=entitlement.support_referral_due_at,
            key_update_due_at=entitlement.key_update_due_at,
            support_referrals=support,
            updates=updates,
            needs_assessed=entitlement.needs_assessed_at is not None,
        )
    plans = [r.victims_code for r in rows.referrals.get(case_id, []) if r.victims_code]
    if not plans or not plans[0].get("applies"):
        return VictimsCodeFact(support_referrals=support, updates=updates)
    plan = plans[0]
    return VictimsCodeFact(
        applies=True,
        opted_out=bool(plan.get("support_opt_out")),
        support_due_at=_parse_at(plan.get("support_referral_due_at")),
        key_update_due_at=_parse_at(plan.get("key_update_due_at")),
        support_referrals=support,
        updates=updates,
    )


def _facts(case: Case, rows: _Rows, area: str | None) -> CaseFacts:
    cid = case.id or 0
    referrals = rows.referrals.get(cid, [])
    incidents = rows.incidents.get(cid, [])
    strands = [s for i in incidents for s in rows.strands.get(i.id or 0, [])]
    assessments = rows.assessments.get(cid, [])
    victim = rows.people.get(case.victim_person_id or 0)
    district = (victim.district if victim else None) or next(
        (i.district for i in incidents if i.district), None
    )
    route = case.route or next((str(e["kind"]) for e in case.route_evidence if e.get("kind")), None)
    referrer = next((r.referring_agency_id for r in referrals if r.referring_agency_id), None)
    return CaseFacts(
        case_id=cid,
        state=case.state,
        referred_at=referrals[0].received_at if referrals else case.opened_at,
        closed_at=case.closed_at,
        victim_dob=victim.date_of_birth if victim else None,
        victim_sex=victim.sex if victim else None,
        victim_gender=victim.gender_identity if victim else None,
        district=district,
        area=area,
        strands=frozenset(s.strand for s in strands if s.monitored),
        local_strands=frozenset(s.strand for s in strands if not s.monitored),
        route=route,
        incident_kinds=frozenset(i.kind for i in incidents),
        perceived_by=frozenset(i.perceived_by for i in incidents),
        online=any(i.online for i in incidents),
        referring_agency_kind=rows.agency_kinds.get(referrer or 0),
        strands_screened=any(r.flags_decided_at is not None for r in referrals),
        strands_corrected=any(_corrected(r) for r in referrals),
        risk_at_referral=assessments[0].level if assessments else case.risk_level,
        risk_at_closure=assessments[-1].level if assessments else case.risk_level,
        referral_count=max(1, len(referrals)),
        history=tuple(
            HistoryFact(h.at, h.from_state, h.to_state, h.trigger) for h in rows.history[cid]
        ),
        actions=tuple(_action(a, kind, rows) for a, kind in rows.actions[cid]),
        victims_code=_victims_code(cid, rows),
    )


def _corrected(referral: Referral) -> bool:
    decision = (referral.flag_check or {}).get("decision") or {}
    return referral.flags_decided_at is not None and bool(decision.get("changes"))


def _action(a: Action, kind: str, rows: _Rows) -> ActionFact:
    done = rows.completed.get(a.id or 0)
    if done is None and a.review_outcome == "completed":
        done = a.reviewed_at
    return ActionFact(
        kind,
        a.progress,
        a.review_outcome,
        agreed_at=a.created_at,
        due_on=a.due_on,
        completed_at=done,
    )


def load_facts(session: Session, cases: Sequence[Case], *, area: str | None) -> list[CaseFacts]:
    """The structured facts of ``cases``, in the same order."""
    out: list[CaseFacts] = []
    for chunk in _chunks(cases):
        ids = [c.id or 0 for c in chunk]
        rows = _load_rows(session, ids, {c.victim_person_id for c in chunk if c.victim_person_id})
        out += [_facts(c, rows, area) for c in chunk]
    return out


def load_case(session: Session, case: Case, *, area: str | None) -> tuple[CaseFacts, CaseText]:
    """One case's facts and its text with everyone the record names (for its summary)."""
    cid = case.id or 0
    rows = _load_rows(session, [cid], {case.victim_person_id} if case.victim_person_id else set())
    for cp in session.exec(select(CasePerson).where(col(CasePerson.case_id) == cid)):
        rows.case_people[cid].append(cp)
    told = Told(
        rows.case_people.get(cid, []),
        rows.referrals.get(cid, []),
        rows.incidents.get(cid, []),
        tuple(a.description for a, _ in rows.actions.get(cid, [])),
    )
    roles = roles_in(case, told)
    people = {
        p.id or 0: p for p in session.exec(select(Person).where(col(Person.id).in_(list(roles))))
    }
    return _facts(case, rows, area), case_text(case, told, roles, people)
