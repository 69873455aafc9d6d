"""Build the demo partnership by replaying 18 months of real use through the services.

Nothing is written to a table directly: agencies refer, the coordinator screens, the panel
meets every six weeks (agenda, research, attendance, minutes, approval), agencies work on their
actions, timers fire, a scrutiny pack is released and discussed. The clock is moved for each
step (riskpanel.kit.clock), so history, audit and timers carry the dates real use would have
given them. Everything happens in the caller's one transaction: a failure leaves nothing
half-built, and a second run finds the panel and changes nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.progress import Progress
from sqlalchemy import func
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.demo import documents
from riskpanel.demo.context import Demo
from riskpanel.demo.intake import plan_referrals
from riskpanel.demo.panel_work import plan_early_review, plan_meeting, set_agenda
from riskpanel.demo.partnership import (
    DEMO_PASSWORD,
    PANEL_NAME,
    USERS,
    build_partnership,
    email_for,
)
from riskpanel.demo.people import SEED, DemoPeople
from riskpanel.demo.scrutiny import plan_scrutiny
from riskpanel.demo.timeline import Timeline
from riskpanel.kit.clock import replaying, utcnow
from riskpanel.models import Action, ActionUpdate, Case, Meeting, Referral, ScrutinyPack
from riskpanel.models.enums import AgencyKind
from riskpanel.panels.repository import list_panels
from riskpanel.risk.deadlines import is_working_day
from riskpanel.workflow.registry import get_workflows

__all__ = [
    "DEMO_PASSWORD",
    "FULL",
    "PANEL_NAME",
    "DemoResult",
    "Size",
    "build_demo",
    "demo_present",
]

MEETING_WEEKS = 6
FIRST_MEETING_AFTER = timedelta(days=35)  # the panel's first sitting, after its first referrals


@dataclass(frozen=True)
class Size:
    """How much history the demo replays: by default 18 months and about 250 referrals, so a
    12-month scrutiny pack has figures (issue 17). A shorter history keeps the same rate of
    referrals (``--months``); the tests that need no year of figures use one."""

    months: int = 18

    @property
    def referrals(self) -> int:
        return round(REFERRALS_PER_MONTH * self.months)

    @property
    def days(self) -> int:
        return round(self.months * 365.25 / 12)


REFERRALS_PER_MONTH = 250 / 18
FULL = Size()


@dataclass(frozen=True)
class Plan:
    """The calendar of the replayed history, fixed by today's date and the size."""

    founded: date
    first_referral: date
    last_referral: date
    meetings: dict[int, date]

    @property
    def held(self) -> int:
        """The number of the last meeting before today (the next one is upcoming)."""
        return len(self.meetings) - 1

    @classmethod
    def for_today(cls, today: date, division: str, size: Size = FULL) -> Plan:
        """Meetings six weeks apart on Wednesdays (the day after a bank holiday when one
        falls on it), the next one more than a week ahead, the first a few weeks after the
        first referrals."""
        first = today - timedelta(days=size.days)
        upcoming = today + timedelta(days=9)
        upcoming += timedelta(days=(2 - upcoming.weekday()) % 7)
        days = [upcoming]
        while days[-1] - timedelta(weeks=MEETING_WEEKS) >= first + FIRST_MEETING_AFTER:
            days.append(days[-1] - timedelta(weeks=MEETING_WEEKS))
        meetings = {}
        for n, day in enumerate(reversed(days), start=1):
            while not is_working_day(day, division):
                day += timedelta(days=1)
            meetings[n] = day
        return cls(
            founded=first - timedelta(days=30),
            first_referral=first,
            last_referral=today - timedelta(days=1),
            meetings=meetings,
        )


@dataclass
class DemoResult:
    created: bool
    panel_id: int | None = None
    sign_ins: list[tuple[str, str]] = field(default_factory=list)
    referrals: int = 0
    cases: dict[str, int] = field(default_factory=dict)
    meetings_held: int = 0
    meeting_id: int | None = None
    meeting_starts: datetime | None = None
    agenda_items: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    pack_id: int | None = None
    feedback: int = 0
    assessments: int = 0
    answered: int = 0
    pdfs: list[Path] = field(default_factory=list)
    steps: int = 0
    timers_fired: int = 0


def demo_present(session: Session) -> bool:
    return any(p.name == PANEL_NAME for p in list_panels(session=session))


def action_states(session: Session, panel_id: int) -> dict[str, int]:
    """Unreviewed actions by the agency's progress, overdue ones, reopened ones, reviews.
    Aggregate counts only (no case content), for the summary the command prints."""
    states: Counter[str] = Counter()
    for progress, overdue, outcome, n in session.exec(
        select(Action.progress, Action.overdue, Action.review_outcome, func.count())
        .join(Case, col(Case.id) == col(Action.case_id))
        .where(col(Case.panel_id) == panel_id)
        .group_by(col(Action.progress), col(Action.overdue), col(Action.review_outcome))
    ).all():
        if outcome is not None:
            states[f"reviewed {outcome}"] += n
            continue
        states[progress] += n
        states["overdue"] += n if overdue else 0
    states["reopened"] = session.exec(
        select(func.count(func.distinct(ActionUpdate.action_id))).where(
            col(ActionUpdate.progress) == "reopened"
        )
    ).one()
    return dict(states)


def _summary(demo: Demo, result: DemoResult) -> None:
    session, panel_id = demo.session, demo.org.panel_id
    result.referrals = session.exec(
        select(func.count()).select_from(Referral).where(col(Referral.panel_id) == panel_id)
    ).one()
    result.cases = dict(
        session.exec(
            select(Case.state, func.count())
            .where(col(Case.panel_id) == panel_id)
            .group_by(col(Case.state))
        ).all()
    )
    result.meetings_held = session.exec(
        select(func.count())
        .select_from(Meeting)
        .where(col(Meeting.panel_id) == panel_id, col(Meeting.status) == "minutes_approved")
    ).one()
    result.actions = action_states(session, panel_id)
    result.feedback = demo.tally["feedback"]
    result.assessments = demo.tally["assessments"]
    result.answered = demo.tally["assessment_answers"]
    result.steps, result.timers_fired = demo.timeline.ran, demo.timeline.timers_fired


def _replay(session: Session, settings: Settings, progress: Progress, size: Size) -> Demo:
    """Set up the partnership, then run the history step by step up to a minute ago."""
    now = utcnow()
    zone = ZoneInfo(settings.timezone)
    today = now.astimezone(zone).date()
    plan = Plan.for_today(today, settings.bank_holiday_division, size)
    step = progress.add_task("Partnership: panel, agencies, sign-ins", total=1)
    founded = datetime.combine(plan.founded, datetime.min.time().replace(hour=9), tzinfo=zone)
    with replaying(founded):
        org = build_partnership(session, settings, today, plan.founded)
    progress.advance(step)
    days = progress.add_task(
        f"{size.months} months of panel work (days)", total=(today - plan.founded).days
    )
    timeline = Timeline(
        session,
        until=now - timedelta(minutes=1),
        timezone=settings.timezone,
        division=settings.bank_holiday_division,
        on_progress=lambda at: progress.update(
            days, completed=(at.astimezone(zone).date() - plan.founded).days
        ),
    )
    demo = Demo(
        session=session,
        settings=settings,
        workflows=get_workflows(settings),
        timeline=timeline,
        people=DemoPeople(settings.timezone),
        org=org,
        today=today,
        rng=random.Random(SEED),  # noqa: S311 - synthetic data, not security
        last_held=plan.held,
    )
    plan_referrals(demo, plan.first_referral, plan.last_referral, size.referrals)
    for number, day in plan.meetings.items():
        plan_meeting(demo, number, day, held=number <= plan.held)
    plan_scrutiny(demo)
    plan_early_review(demo, today - timedelta(days=2))
    timeline.run()
    progress.update(days, completed=(today - plan.founded).days)
    return demo


def _write_documents(demo: Demo, folder: Path, progress: Progress) -> list[Path]:
    """Agenda of the upcoming meeting; minutes and an agency's extract of the last one; the
    scrutiny pack."""
    last, upcoming = demo.meeting_ids[demo.last_held], demo.meeting_ids[demo.last_held + 1]
    pending = [
        documents.meeting_document(demo, upcoming, "agenda"),
        documents.meeting_document(demo, last, "minutes"),
        documents.meeting_document(demo, last, "extract", demo.org.agency_id(AgencyKind.HOUSING)),
    ]
    pack = demo.session.get(ScrutinyPack, demo.pack_id) if demo.pack_id else None
    if pack is not None and pack.status == "released":
        pending.append(documents.scrutiny_pack(demo, pack.id or 0))
    step = progress.add_task("Documents (PDF)", total=len(pending))
    return documents.render_all(demo, pending, folder, lambda: progress.advance(step))


def build_demo(
    session: Session,
    settings: Settings,
    progress: Progress,
    pdf_folder: Path | None = None,
    size: Size = FULL,
) -> DemoResult:
    """Everything in one transaction: a failure leaves nothing half-built behind."""
    if demo_present(session):
        return DemoResult(created=False)
    demo = _replay(session, settings, progress, size)
    result = DemoResult(
        created=True,
        panel_id=demo.org.panel_id,
        sign_ins=[(email_for(key), USERS[key][1].value) for key in USERS],
    )
    step = progress.add_task("Upcoming meeting: agenda", total=1)
    result.agenda_items = set_agenda(demo, demo.last_held + 1)  # today, on the real clock
    progress.advance(step)
    result.meeting_id = demo.meeting_ids[demo.last_held + 1]
    upcoming = session.get(Meeting, result.meeting_id)
    result.meeting_starts = upcoming.starts_at if upcoming else None
    result.pack_id = demo.pack_id
    if pdf_folder is not None:
        result.pdfs = _write_documents(demo, pdf_folder, progress)
    _summary(demo, result)
    return result
