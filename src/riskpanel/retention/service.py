"""Finding what the retention policy says is due, erasing it, and legal holds.

``run`` erases in the caller's transaction; the CLI commits it with ``--apply`` and rolls
it back otherwise, so a dry run reports exactly what a real run would do, people whose
last record goes included. A legal hold on a case, or on anyone in it, keeps the case;
a hold on a person keeps that person. Every erasure is an audit event (action erasure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from riskpanel.audit.cases import About, record_on
from riskpanel.kit.errors import NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, Person
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


def set_legal_hold(
    *,
    session: Session,
    principal: Principal,
    hold: bool,
    case_id: int | None = None,
    person_id: int | None = None,
) -> Case | Person:
    """Place or release a legal hold on one case or one person (audited)."""
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
    about = About(
        "case" if case_id is not None else "person",
        target.id,
        case_id=case_id,
        person_id=person_id if person_id is not None else getattr(target, "victim_person_id", None),
    )
    logged = ["legal_hold"]
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
