"""Build the demo partnership through the service functions, never by writing rows directly."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.progress import Progress
from sqlmodel import Session

from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.agencies.service import create_agency
from riskpanel.auth.principal import Principal
from riskpanel.auth.service import create_user, principal_for_user
from riskpanel.cases.workflows import get_workflows
from riskpanel.config import Settings
from riskpanel.demo.people import DemoPeople
from riskpanel.documents.pool import render_pdf_sync
from riskpanel.meetings import disclosure
from riskpanel.meetings.agenda import propose_agenda
from riskpanel.meetings.agenda_edit import save_agenda
from riskpanel.meetings.schemas import AgendaIn, AgendaItemIn, MeetingCreate
from riskpanel.meetings.service import create_meeting
from riskpanel.models import Case, Panel, User
from riskpanel.models.enums import AgencyKind
from riskpanel.panels.schemas import PanelCreate
from riskpanel.panels.service import create_panel, list_panels
from riskpanel.referrals.flags import decide_flags
from riskpanel.referrals.intake import lexicon_for
from riskpanel.referrals.schemas import FlagDecisionIn, ScreeningDecision, ScreeningIn
from riskpanel.referrals.screening import screen
from riskpanel.referrals.service import create_referral
from riskpanel.roles import Role

PANEL_NAME = "Northshire Hate Crime Risk Panel"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the demo sign-ins
EMAIL_DOMAIN = "northshire.example"
REFERRALS = 40
UNSCREENED = 6  # the newest referrals are left waiting for screening

AGENCIES: list[tuple[str, AgencyKind]] = [
    ("Northshire Police", AgencyKind.POLICE),
    ("Northshire Homes", AgencyKind.HOUSING),
    ("Northshire Adult Social Care", AgencyKind.ADULT_SOCIAL_CARE),
    ("Northshire Children's Services", AgencyKind.CHILDRENS_SERVICES),
    ("Northshire Integrated Care Board", AgencyKind.HEALTH),
    ("Northshire Schools Partnership", AgencyKind.EDUCATION),
    ("Northshire Victim Support", AgencyKind.VICTIM_SUPPORT),
    ("Northshire Communities Together", AgencyKind.COMMUNITY_ORGANISATION),
    ("Northshire Probation Service", AgencyKind.PROBATION),
]
# key: (display name, role, agency index or None, belongs to the panel)
USERS: dict[str, tuple[str, Role, int | None, bool]] = {
    "admin": ("Demo Administrator", Role.ADMIN, None, False),
    "coordinator": ("Priya Coordinator", Role.COORDINATOR, None, True),
    "chair": ("Chief Inspector Morgan (Chair)", Role.CHAIR, None, True),
    "police": ("PC Jordan Reid", Role.AGENCY, 0, False),
    "housing": ("Sam Okafor (Housing)", Role.AGENCY, 1, False),
    "scrutiny": ("Community Scrutiny Member", Role.SCRUTINY, None, False),
    "auditor": ("Information Governance Auditor", Role.AUDITOR, None, False),
}


@dataclass
class DemoResult:
    created: bool
    panel_id: int | None = None
    sign_ins: list[tuple[str, str]] = field(default_factory=list)
    referrals: int = 0
    cases: int = 0
    accepted: int = 0
    meeting_id: int | None = None
    agenda_items: int = 0
    agenda_pdf: Path | None = None


def email_for(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


def demo_present(session: Session) -> bool:
    return any(p.name == PANEL_NAME for p in list_panels(session=session))


def _partnership(session: Session, today: date) -> tuple[Panel, dict[str, User]]:
    agencies = [
        create_agency(
            session=session,
            data=AgencyCreate(
                name=name,
                kind=kind,
                isa_signed_on=today - timedelta(days=400),
                isa_expires_on=today + timedelta(days=700),
                contact_email=f"hcrp.{kind.value.replace('_', '-')}@{EMAIL_DOMAIN}",
            ),
        )
        for name, kind in AGENCIES
    ]
    panel = create_panel(
        session=session,
        data=PanelCreate(
            name=PANEL_NAME,
            area="Northshire",
            member_agency_ids=[a.id for a in agencies if a.id is not None],
        ),
    )
    users = {
        key: create_user(
            session=session,
            email=email_for(key),
            display_name=display,
            role=role.value,
            agency_id=agencies[agency].id if agency is not None else None,
            panel_id=panel.id if on_panel else None,
            password=DEMO_PASSWORD,
        )
        for key, (display, role, agency, on_panel) in USERS.items()
    }
    session.flush()
    return panel, users


def _screen_one(
    session: Session, coordinator: Principal, referral_id: int, settings: Settings
) -> tuple[bool, bool]:
    """Confirm the flags, open a case and accept it on a route the evidence supports."""
    workflows = get_workflows(settings)
    decide_flags(
        session=session,
        principal=coordinator,
        referral_id=referral_id,
        data=FlagDecisionIn(note="Strands checked against the narrative at screening."),
        lexicon=lexicon_for(settings),
    )

    def decide(data: ScreeningIn, if_match: str | None) -> tuple[int | None, str | None]:
        out = screen(
            session=session,
            principal=coordinator,
            referral_id=referral_id,
            data=data,
            if_match=if_match,
            settings=settings,
            workflows=workflows,
            access_days_after_closure=settings.agency_access_days_after_closure,
        )
        return (out.case.id if out.case else None), out.case_etag

    case_id, case_etag = decide(ScreeningIn(decision=ScreeningDecision.OPEN_CASE), None)
    case = session.get(Case, case_id) if case_id else None
    routes = [str(e["kind"]) for e in (case.route_evidence if case else []) if e.get("kind")]
    if not routes:
        return case is not None, False
    decide(
        ScreeningIn(
            decision=ScreeningDecision.ACCEPT,
            route=routes[0],
            reason="Meets the panel's criteria.",
        ),
        case_etag,
    )
    return True, True


def _meeting(
    session: Session,
    coordinator: Principal,
    chair: User,
    panel: Panel,
    settings: Settings,
    today: date,
) -> tuple[int, int]:
    day = today + timedelta(days=14)
    while day.weekday() != 2:  # panels meet on a Wednesday
        day += timedelta(days=1)
    starts = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(settings.timezone))
    meeting = create_meeting(
        session=session,
        principal=coordinator,
        data=MeetingCreate(
            panel_id=panel.id,
            starts_at=starts,
            duration_minutes=180,
            venue="Northshire Civic Centre, Committee Room 2",
            chair_user_id=chair.id,
        ),
        settings=settings,
    )
    assert meeting.id is not None
    proposal = propose_agenda(
        session=session, principal=coordinator, meeting_id=meeting.id, settings=settings
    )
    items = [
        AgendaItemIn(
            section=item.section,
            case_id=item.case_id,
            position=position,
            slot_minutes=item.slot_minutes,
        )
        for position, item in enumerate(proposal.items, start=1)
    ]
    agenda = save_agenda(
        session=session,
        principal=coordinator,
        meeting_id=meeting.id,
        data=AgendaIn(items=items),
        expected_version=meeting.row_version,
        settings=settings,
        workflows=get_workflows(settings),
    )
    return meeting.id, len(agenda.items)


def write_agenda_pdf(
    session: Session, coordinator: Principal, meeting_id: int, settings: Settings, folder: Path
) -> Path:
    """Render the agenda as the download does, and log the disclosure like it."""
    prepared = disclosure.prepare(
        session=session,
        principal=coordinator,
        meeting_id=meeting_id,
        document="agenda",
        settings=settings,
    )
    pdf = render_pdf_sync(prepared.kind, prepared.view, templates_dir=settings.templates_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / prepared.filename
    path.write_bytes(pdf)
    disclosure.record_disclosure(
        session=session,
        principal=coordinator,
        prepared=prepared,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
    )
    return path


def build_demo(
    session: Session, settings: Settings, progress: Progress, pdf_folder: Path | None = None
) -> DemoResult:
    """Everything in one transaction: a failure leaves nothing half-built behind."""
    if demo_present(session):
        return DemoResult(created=False)
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    step = progress.add_task("Partnership: panel, agencies, users", total=1)
    panel, users = _partnership(session, today)
    progress.advance(step)
    assert panel.id is not None
    coordinator = principal_for_user(users["coordinator"])
    result = DemoResult(
        created=True,
        panel_id=panel.id,
        sign_ins=[(email_for(key), USERS[key][1].value) for key in USERS],
    )

    people = DemoPeople(today)
    intake = progress.add_task("Referrals", total=REFERRALS)
    referral_ids: list[int] = []
    workflows = get_workflows(settings)
    for index in range(REFERRALS):
        referral, _ = create_referral(
            session=session,
            principal=coordinator,
            data=people.referral(index, panel.id),
            settings=settings,
            workflows=workflows,
        )
        referral_ids.append(referral.id or 0)
        progress.advance(intake)
    result.referrals = len(referral_ids)

    to_screen = referral_ids[: REFERRALS - UNSCREENED]
    screening = progress.add_task("Screening", total=len(to_screen))
    for referral_id in to_screen:
        opened, accepted = _screen_one(session, coordinator, referral_id, settings)
        result.cases += int(opened)
        result.accepted += int(accepted)
        progress.advance(screening)

    step = progress.add_task("Upcoming meeting and agenda", total=1)
    result.meeting_id, result.agenda_items = _meeting(
        session, coordinator, users["chair"], panel, settings, today
    )
    progress.advance(step)
    if pdf_folder is not None:
        step = progress.add_task("Agenda PDF", total=1)
        result.agenda_pdf = write_agenda_pdf(
            session, coordinator, result.meeting_id, settings, pdf_folder
        )
        progress.advance(step)
    return result
