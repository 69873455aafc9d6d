"""Reminders, the overdue mark and escalation for actions, fired by `riskpanel tick`.

Four timers per action, in the panel's local time: a reminder some working days before the
due date, a reminder on the due date, the overdue mark when the due date has ended, and an
escalation to the panel's coordinators some working days later. Handlers look at the action
when they fire and do nothing for a finished or reviewed action, so a reopened action simply
picks its timers up again. Each notification's dedupe key names the timer row, so a timer
that fires twice still sends once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from riskpanel.audit.cases import About, record_on
from riskpanel.config import Settings
from riskpanel.kit.principal import SYSTEM, Principal
from riskpanel.models import Action, Agency, Case, Timer
from riskpanel.models.enums import AuditAction
from riskpanel.notifications.service import notify_agency, notify_coordinators
from riskpanel.risk.deadlines import add_working_days
from riskpanel.risk.timeframes import local_date
from riskpanel.timers.registry import timer_handler
from riskpanel.timers.service import arm, cancel

SUBJECT = "action"
REMINDER = "action_reminder"
DUE = "action_due"
OVERDUE = "action_overdue"
ESCALATION = "action_escalation"
KINDS = frozenset({REMINDER, DUE, OVERDUE, ESCALATION})


@dataclass(frozen=True)
class ActionRules:
    reminder_working_days_before: int = 3
    escalation_working_days_after: int = 2
    notify_hour: int = 9
    timezone: str = "Europe/London"
    division: str = "england-and-wales"

    @classmethod
    def from_settings(cls, settings: Settings) -> ActionRules:
        return cls(timezone=settings.timezone, division=settings.bank_holiday_division)

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), ZoneInfo(self.timezone)).astimezone(UTC)


def schedule(due_on: date, rules: ActionRules, *, now: datetime) -> dict[str, datetime]:
    """When each timer fires. A reminder whose moment has passed is left out (the
    assignment or reopening message already gave the date); the overdue mark and the
    escalation are never in the past, so a late (re)start still gets them."""
    hour = rules.notify_hour
    before = add_working_days(due_on, -rules.reminder_working_days_before, rules.division)
    today = local_date(now, rules.timezone)
    after = max(due_on, today)
    plan = {
        REMINDER: rules.at(before, hour),
        DUE: rules.at(due_on, hour),
        OVERDUE: max(rules.at(due_on + timedelta(days=1), 0), now),
        ESCALATION: rules.at(
            add_working_days(after, rules.escalation_working_days_after, rules.division), hour
        ),
    }
    return {kind: at for kind, at in plan.items() if kind not in (REMINDER, DUE) or at > now}


def arm_action_timers(
    *, session: Session, action: Action, rules: ActionRules, now: datetime
) -> None:
    """Arm (or revive, after a reopening) the action's timers."""
    assert action.id is not None
    for kind, due_at in schedule(action.due_on, rules, now=now).items():
        existing = session.exec(
            select(Timer).where(
                Timer.kind == kind,
                Timer.subject_type == SUBJECT,
                Timer.subject_id == action.id,
                Timer.due_at == due_at,
            )
        ).first()
        if existing is not None:
            if existing.cancelled_at is not None and existing.fired_at is None:
                existing.cancelled_at = None
                session.add(existing)
            continue
        arm(
            session=session,
            kind=kind,
            subject_type=SUBJECT,
            subject_id=action.id,
            due_at=due_at,
            case_id=action.case_id,
        )


def cancel_action_timers(*, session: Session, action: Action) -> int:
    assert action.id is not None
    return cancel(session=session, subject_type=SUBJECT, subject_id=action.id, kinds=set(KINDS))


def message_data(action: Action, case: Case) -> dict[str, str]:
    """References, the due date and a link: never the description, which may name people."""
    return {
        "action_reference": action.reference,
        "case_reference": case.reference,
        "due_on": action.due_on.isoformat(),
        "path": f"/api/v1/actions/{action.id}",
    }


Found = tuple[Action, Case]


def _still_open(session: Session, timer: Timer) -> Found | str:
    action = session.exec(
        select(Action).where(Action.id == timer.subject_id).with_for_update()
    ).first()
    if action is None:
        return "action gone"
    case = session.get(Case, action.case_id)
    if case is None or case.erased_at is not None:
        return "case gone"
    if action.review_outcome is not None:
        return f"skipped: reviewed {action.review_outcome}"
    if action.progress in ("completed", "not_possible"):
        return f"skipped: {action.progress}"
    return action, case


def _tell_agency(session: Session, timer: Timer, now: datetime, kind: str, found: Found) -> str:
    action, case = found
    queued = notify_agency(
        session=session,
        agency_id=action.agency_id,
        kind=kind,
        data=message_data(action, case),
        dedupe_key=f"timer:{timer.id}",
        today=now.date(),
    )
    return f"queued {queued}"


def _remind(session: Session, timer: Timer, now: datetime, kind: str) -> str:
    found = _still_open(session, timer)
    return found if isinstance(found, str) else _tell_agency(session, timer, now, kind, found)


@timer_handler(REMINDER)
def remind_before_due(session: Session, timer: Timer, now: datetime) -> str:
    return _remind(session, timer, now, "action.due_soon")


@timer_handler(DUE)
def remind_on_due_date(session: Session, timer: Timer, now: datetime) -> str:
    return _remind(session, timer, now, "action.due_today")


def audit_action(
    session: Session,
    principal: Principal,
    action: Action,
    kind: AuditAction,
    fields: list[str],
    *,
    purpose: str,
) -> None:
    """One audit row about an action (by its agency, the panel, or riskpanel's timers)."""
    about = About(SUBJECT, action.id, case_id=action.case_id)
    record_on(session, principal, kind, purpose, about, fields=fields)


@timer_handler(OVERDUE)
def mark_overdue(session: Session, timer: Timer, now: datetime) -> str:
    """The flag is riskpanel's, not the agency's: it does not change the ETag, so a partner
    holding a fresh ETag is not refused because a timer ran."""
    found = _still_open(session, timer)
    if isinstance(found, str):
        return found
    action = found[0]
    if not action.overdue:
        action.overdue = True
        session.add(action)
        audit_action(session, SYSTEM, action, AuditAction.ALTERATION, ["overdue"], purpose="timer")
    return "overdue, " + _tell_agency(session, timer, now, "action.overdue", found)


@timer_handler(ESCALATION)
def escalate(session: Session, timer: Timer, now: datetime) -> str:
    found = _still_open(session, timer)
    if isinstance(found, str):
        return found
    action, case = found
    agency = session.get(Agency, action.agency_id)
    data = {**message_data(action, case), "agency": agency.name if agency else "-"}
    queued = notify_coordinators(
        session=session,
        panel_id=case.panel_id,
        kind="action.escalated",
        data=data,
        dedupe_key=f"timer:{timer.id}",
    )
    return f"escalated to {queued}"
