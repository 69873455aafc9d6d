"""Finding what the retention policy says is due, erasing it, and legal holds.

``run`` erases in the caller's transaction; the CLI commits it with ``--apply`` and rolls
it back otherwise, so a dry run reports exactly what a real run would do, people whose
last record goes included. A legal hold on a case, or on anyone in it, keeps the case;
a hold on a person keeps that person. Every erasure is an audit event (action erasure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.access.visible import visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, LegalHold, Person
from riskpanel.models.enums import AuditAction
from riskpanel.retention.erasure import CASE_PLAN, PERSON_PLAN, REFERRAL_PLAN, Scrub
from riskpanel.retention.policy import Period, RecordType, RetentionPolicy, cutoff
from riskpanel.retention.repository import (
    apply_plan,
    case_summaries,
    case_victims,
    due_cases,
    due_people,
    due_referrals,
    held_cases,
    open_hold,
    own_case_id,
    record_hold,
    stamp,
)

RETENTION = Principal(role=Role.SYSTEM, label="riskpanel retention")


@dataclass
class RetentionReport:
    now: datetime
    erased: dict[str, list[int]] = field(default_factory=dict)
    held: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "now": self.now.isoformat(),
            "erased": {k: len(v) for k, v in self.erased.items()},
            "held": {k: len(v) for k, v in self.held.items()},
            "ids": self.erased,
            "held_ids": self.held,
        }


def _erase(
    session: Session,
    principal: Principal,
    *,
    subject_type: str,
    plan: tuple[Scrub, ...],
    ids: list[int],
    rule: RecordType,
    keep_years: int,
) -> None:
    fields = apply_plan(session, plan, ids)
    victims = case_victims(session, ids) if subject_type == "case" else {}
    for record_id in ids:
        about = About(
            subject_type,
            record_id,
            case_id=record_id if subject_type == "case" else None,
            person_id=record_id if subject_type == "person" else victims.get(record_id),
        )
        detail = {"rule": rule, "keep_years": keep_years}
        record_on(
            session,
            principal,
            AuditAction.ERASURE,
            "retention",
            about,
            fields=fields,
            detail=detail,
        )


@dataclass(frozen=True)
class _Kind:
    """One kind of record retention erases: its policy rule, what is due, how it is erased,
    and (for cases and people) the columns stamped on the erased row itself."""

    subject_type: str
    rule: RecordType
    due: Callable[[Session, datetime], tuple[list[int], list[int]]]
    plan: tuple[Scrub, ...]
    stamped: type[Case] | type[Person] | None = None
    stamp_values: dict[str, Any] = field(default_factory=dict)


# In this order: a person is due only once every case and referral naming them is erased.
KINDS = (
    _Kind("case", "case", due_cases, CASE_PLAN, Case, {"route_evidence": []}),
    _Kind("referral", "referral_not_accepted", due_referrals, REFERRAL_PLAN),
    _Kind("person", "unlinked_person", due_people, PERSON_PLAN, Person),
)


def run(
    *, session: Session, policy: RetentionPolicy, now: datetime, principal: Principal = RETENTION
) -> RetentionReport:
    """Erase everything due at ``now``; the caller commits (apply) or rolls back (dry run)."""
    report = RetentionReport(now=now)
    for kind in KINDS:
        years = policy.period(kind.rule).keep_years
        ids, report.held[kind.subject_type] = kind.due(session, cutoff(now, years))
        _erase(
            session,
            principal,
            subject_type=kind.subject_type,
            plan=kind.plan,
            ids=ids,
            rule=kind.rule,
            keep_years=years,
        )
        if kind.stamped is not None:
            stamp(session, kind.stamped, ids, **kind.stamp_values, erased_at=now)
        report.erased[kind.subject_type] = ids
    return report


@dataclass(frozen=True)
class Due:
    """One kind of record as the schedule stands now: its period, and how many are past it
    (to erase) and kept under a legal hold. Read only, so a page can show it on GET."""

    subject_type: str
    period: Period
    due: int
    held: int


def due_now(*, session: Session, policy: RetentionPolicy, now: datetime) -> list[Due]:
    """Cases and referrals past their period at ``now``. People are not counted here: most
    become due only when the last case naming them is erased, which a dry run of ``run``
    shows exactly."""
    out = []
    for kind in KINDS[:2]:
        period = policy.period(kind.rule)
        due, held = kind.due(session, cutoff(now, period.keep_years))
        out.append(Due(kind.subject_type, period, len(due), len(held)))
    return out


def erased_cases(*, session: Session, report: RetentionReport, limit: int = 50) -> list[Any]:
    """The cases a run erased (or a dry run would), by reference and closing date, for the
    person who confirms the run; the first ``limit``."""
    return case_summaries(session, report.erased.get("case", [])[:limit])


def kept_cases(*, session: Session, report: RetentionReport, limit: int = 50) -> list[Any]:
    """The cases a run keeps under a legal hold though past their period: the first
    ``limit``, by reference and closing date, so the check shows what is not erased."""
    return case_summaries(session, report.held.get("case", [])[:limit])


def set_legal_hold(
    *,
    session: Session,
    principal: Principal,
    hold: bool,
    case_id: int | None = None,
    person_id: int | None = None,
    reason: str | None = None,
) -> Case | Person:
    """Place or release a legal hold on one case or one person (audited). On a case the
    hold's record (who, when, why) is kept too; the reason is never in the access log."""
    if (case_id is None) == (person_id is None):
        raise ValueError("name exactly one of case_id or person_id")
    target: Case | Person | None = (
        session.get(Case, case_id) if case_id is not None else session.get(Person, person_id)
    )
    if target is None:
        raise NotFound("No such case or person.")
    if target.erased_at is not None and hold:
        raise NotFound("That record has already been erased.")
    target.legal_hold = hold
    session.add(target)
    logged = ["legal_hold"]
    if isinstance(target, Case):
        record_hold(session, principal, target, hold, reason)
        logged += ["legal_hold.reason"] if hold else ["legal_hold.lift_reason"]
    about = About(
        "case" if case_id is not None else "person",
        target.id,
        case_id=case_id,
        person_id=person_id if person_id is not None else getattr(target, "victim_person_id", None),
    )
    detail = {"legal_hold": hold}
    record_on(
        session,
        principal,
        AuditAction.ADMINISTRATION,
        "retention",
        about,
        fields=logged,
        detail=detail,
    )
    return target


HOLD = "retention.hold"


def _holdable(session: Session, caller: Caller, case_id: int) -> Case:
    """A case of the coordinator's own panel (others are 404), not yet erased."""
    case = visible_case(session, caller, case_id)
    require(session=session, principal=caller.principal, operation=HOLD, obj=WriteObject(case=case))
    if case.erased_at is not None:
        raise Conflict("This case has been erased: there is nothing left to hold.")
    return case


def case_by_reference(*, session: Session, caller: Caller, reference: str) -> int:
    """The id of the coordinator's own case with this reference (as typed on the form)."""
    found = own_case_id(session, reference.strip().upper(), caller.principal.panel_id)
    if found is None:
        raise InvalidInput.field(
            "case_reference", "Enter the reference of a case of your panel, like HC-2026-000007"
        )
    return found


PLACE_REASON = "Enter why the case must be kept"
LIFT_REASON = "Enter why the case no longer needs to be kept"


def hold_reason(reason: str, *, placing: bool) -> str:
    """The reason, stripped; a few letters at least (422 naming ``reason`` otherwise)."""
    reason = reason.strip()
    if len(reason) < 3:
        raise InvalidInput.field("reason", PLACE_REASON if placing else LIFT_REASON)
    return reason


@dataclass(frozen=True)
class HoldView:
    """A legal hold as pages and the API show it: the case by reference, who placed the
    hold, when and why, and its lifting. Who and when are empty for a hold placed before
    holds were recorded."""

    case_id: int
    case_reference: str
    panel_id: int
    held: bool
    reason: str | None
    placed_by: str | None
    placed_at: datetime | None
    lift_reason: str | None = None
    lifted_by: str | None = None
    lifted_at: datetime | None = None


def _view(case: Case, hold: LegalHold | None) -> HoldView:
    if hold is None:
        return HoldView(
            case.id or 0, case.reference, case.panel_id, case.legal_hold, None, None, None
        )
    return HoldView(
        case.id or 0,
        case.reference,
        case.panel_id,
        case.legal_hold and hold.lifted_at is None,
        hold.reason,
        hold.placed_by,
        hold.placed_at,
        hold.lift_reason,
        hold.lifted_by,
        hold.lifted_at,
    )


def place_hold(*, session: Session, caller: Caller, case_id: int, reason: str) -> HoldView:
    """Keep a case whatever its retention period, for the reason given (legal proceedings,
    a complaint, a review); 409 if it is already held."""
    case = _holdable(session, caller, case_id)
    why = hold_reason(reason, placing=True)
    if case.legal_hold:
        raise Conflict("This case is already under a legal hold.")
    set_legal_hold(
        session=session, principal=caller.principal, hold=True, case_id=case.id, reason=why
    )
    session.flush()
    return _view(case, open_hold(session, case.id or 0))


def lift_hold(*, session: Session, caller: Caller, case_id: int, reason: str) -> HoldView:
    """Let the retention period apply again; 409 if the case is not held."""
    case = _holdable(session, caller, case_id)
    why = hold_reason(reason, placing=False)
    if not case.legal_hold:
        raise Conflict("This case is not under a legal hold.")
    hold = open_hold(session, case.id or 0)
    set_legal_hold(
        session=session, principal=caller.principal, hold=False, case_id=case.id, reason=why
    )
    session.flush()
    if hold is None:
        return replace(_view(case, None), lift_reason=why, lifted_by=caller.principal.label)
    session.refresh(hold)
    return _view(case, hold)


def held_case(*, session: Session, caller: Caller, case_id: int) -> HoldView:
    """The coordinator's own case as the lift form shows it; 409 if it is not held."""
    case = _holdable(session, caller, case_id)
    if not case.legal_hold:
        raise Conflict("This case is not under a legal hold.")
    about = About("case", case.id, case_id=case.id)
    fields = ["case.reference", "legal_hold.reason"]
    record_on(
        session, caller.principal, AuditAction.CONSULTATION, "retention", about, fields=fields
    )
    return _view(case, open_hold(session, case.id or 0))


def legal_holds(*, session: Session, principal: Principal) -> list[HoldView]:
    """Every case under a legal hold, newest hold first, with who placed it, when and why.
    Retention is the partnership's, so every panel's holds are listed; the listing is
    logged as a consultation of those cases."""
    rows = held_cases(session)
    for case, _hold in rows:
        record_on(
            session,
            principal,
            AuditAction.CONSULTATION,
            "retention",
            About("case", case.id, case_id=case.id),
            fields=["case.reference", "legal_hold.reason"],
        )
    return [_view(case, hold) for case, hold in rows]
