"""`riskpanel demo --months 6`: six months of a synthetic partnership, replayed through the
services.

The demo is built once per module (it is the slow part) on a fresh copy of the migrated
database, then each test checks one side of it: what was created, the action states, the
meetings and scrutiny, the documents, the honesty of the replayed dates, and that a second
run changes nothing. None of that needs the full 18 months, so the module builds six (the
same number of referrals a month, a third of the time); tests/demo/test_figures.py checks
the full demo's year of scrutiny figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import func
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.db import make_engine
from riskpanel.demo.seed import Size
from riskpanel.kit.roles import Role
from riskpanel.main import create_app
from riskpanel.models import (
    Action,
    ActionUpdate,
    Agency,
    AgendaItem,
    AuditEvent,
    Case,
    CaseHistory,
    LateListing,
    Meeting,
    MinuteEntry,
    Minutes,
    Panel,
    Person,
    Referral,
    ScrutinyAssessment,
    ScrutinyFeedback,
    ScrutinyPack,
    User,
    utcnow,
)
from riskpanel.models.enums import AgencyKind
from riskpanel.web.templating import HOME, NAV
from tests.demo.conftest import run_demo
from tests.demo.walk import engine_words, walk

MONTHS = 6


@dataclass
class Built:
    settings: Settings
    output: str
    folder: Path
    session: Session


def _counts(session: Session) -> dict[str, int]:
    session.rollback()  # a fresh snapshot
    return {
        model.__name__: session.exec(select(func.count()).select_from(model)).one()
        for model in (Panel, Agency, User, Referral, Case, Meeting, Action, AuditEvent)
    }


@pytest.fixture(scope="module")
def built(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """Run `riskpanel demo` once, as a user would."""
    workdir = tmp_path_factory.mktemp("demo")
    folder = workdir / "out"
    settings, result = run_demo(
        database_url, workdir, ["--output", str(folder), "--months", str(MONTHS)]
    )
    own = make_engine(database_url, begin_immediate=False)
    with Session(own, expire_on_commit=False) as session:
        yield Built(settings, result.output, folder, session)
    own.dispose()


def test_partnership_has_every_kind_of_agency_and_a_sign_in_for_every_role(built: Built) -> None:
    session = built.session
    counts = _counts(session)
    assert counts["Panel"] == 1 and 8 <= counts["Agency"] <= 10
    kinds = set(session.exec(select(Agency.kind)).all())
    assert kinds == {k.value for k in AgencyKind} - {"other"}
    assert all(a.isa_signed_on and a.isa_expires_on for a in session.exec(select(Agency)))
    roles = set(session.exec(select(User.role)).all())
    assert roles == {r.value for r in Role} - {"agency_client", "system"}
    agencies_with_people = set(session.exec(select(User.agency_id)).all()) - {None}
    assert len(agencies_with_people) == counts["Agency"]


def test_referrals_over_six_months_by_several_agencies(built: Built) -> None:
    session = built.session
    referrals = list(session.exec(select(Referral)))
    assert len(referrals) == Size(MONTHS).referrals == 83
    received = sorted(r.received_at for r in referrals)
    now = utcnow()
    assert received[-1] <= now and now - received[0] >= timedelta(days=170)
    assert len({r.referring_agency_id for r in referrals}) >= 4
    statuses = {r.status for r in referrals}
    assert {"received", "accepted", "rejected"} <= statuses
    assert sum(r.status == "received" for r in referrals) == 3  # waiting for screening
    # names of many origins: a long tail of distinct family names
    families = {p.family_name for p in session.exec(select(Person))}
    assert len(families) >= 65


def test_cases_span_the_lifecycle(built: Built) -> None:
    states = dict(
        built.session.exec(select(Case.state, func.count()).group_by(col(Case.state))).all()
    )
    for state in ("listed", "actions_open", "review", "monitoring", "closed", "withdrawn"):
        assert states.get(state, 0) >= 1, states
    assert states["closed"] >= 10
    routes = set(built.session.exec(select(Case.route)).all())
    assert "high_risk" in routes
    triggers = set(built.session.exec(select(CaseHistory.trigger)).all())
    assert {"request_info", "close_no_action", "close"} <= triggers
    # repeat victims: their referrals joined the case they already had
    statuses = set(built.session.exec(select(Referral.status)).all())
    assert "attached" in statuses or "repeat_reopen" in triggers
    assert "start_review" in triggers  # by the review timer and by the coordinator


def test_actions_in_every_state(built: Built) -> None:
    session = built.session
    unreviewed = list(session.exec(select(Action).where(col(Action.review_outcome).is_(None))))
    progress = {a.progress for a in unreviewed}
    assert {"open", "acknowledged", "in_progress", "completed", "not_possible"} <= progress
    assert any(a.overdue and a.due_on < utcnow().date() for a in unreviewed)
    reopened = session.exec(
        select(ActionUpdate.action_id).where(col(ActionUpdate.progress) == "reopened")
    ).all()
    assert reopened
    outcomes = set(session.exec(select(Action.review_outcome)).all()) - {None}
    assert outcomes == {"completed", "not_possible_circumstances_changed", "not_done_by_agency"}
    # the police system reported through its API key; people reported for the others
    by_key = session.exec(
        select(func.count()).where(col(ActionUpdate.by_credential_id).is_not(None))
    ).one()
    assert by_key > 0


def test_three_meetings_held_with_approved_minutes_and_one_to_come(built: Built) -> None:
    session = built.session
    meetings = list(session.exec(select(Meeting).order_by(col(Meeting.starts_at))))
    assert [m.status for m in meetings] == ["minutes_approved"] * 3 + ["planned"]
    assert meetings[-1].starts_at > utcnow() > meetings[-2].starts_at
    for meeting in meetings[:3]:
        minutes = session.exec(select(Minutes).where(Minutes.meeting_id == meeting.id)).one()
        assert minutes.status == "approved" and minutes.approved_at is not None
        assert minutes.approved_at > meeting.starts_at  # approved after the sitting
    agenda = re.search(r"upcoming meeting \d+: .*, (\d+) agenda items", built.output)
    assert agenda and int(agenda.group(1)) >= 5, built.output


def test_a_case_referred_after_the_cut_off_is_listed_late_with_the_chairs_agreement(
    built: Built,
) -> None:
    session = built.session
    late = session.exec(select(LateListing)).all()
    assert late, "the demo shows no late listing"
    users = {u.id: u.role for u in session.exec(select(User))}
    for item in late:
        assert item.reason.strip() and item.agreed_at is not None
        assert users[item.requested_by_user_id] == "coordinator"
        assert users[item.agreed_by_user_id] == "chair"
        meeting = session.get_one(Meeting, item.meeting_id)
        assert session.get_one(Case, item.case_id).last_referral_at > meeting.referral_cutoff_at
        listed = select(AgendaItem).where(
            AgendaItem.meeting_id == item.meeting_id, AgendaItem.case_id == item.case_id
        )
        assert session.exec(listed).first() is not None


def test_released_scrutiny_pack_with_feedback_and_assessments(built: Built) -> None:
    session = built.session
    pack = session.exec(select(ScrutinyPack)).one()
    assert pack.status == "released" and pack.content_sha256
    assert (pack.period_end - pack.period_start).days in range(364, 366)  # twelve months
    feedback = list(session.exec(select(ScrutinyFeedback)))
    assert len(feedback) >= 2
    assert any(f.response for f in feedback) and any(not f.response for f in feedback)
    assessed = list(session.exec(select(ScrutinyAssessment)))
    assert len(assessed) >= 3
    assert any(a.response for a in assessed) and any(not a.response for a in assessed)


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_documents_are_written_with_their_contents(built: Built) -> None:
    session = built.session
    files = sorted(p.name for p in built.folder.glob("*.pdf"))
    last, upcoming = list(session.exec(select(Meeting.id).order_by(col(Meeting.starts_at))))[-2:]
    pack = session.exec(select(ScrutinyPack)).one()
    assert files == sorted(
        [
            f"meeting-{upcoming}-agenda.pdf",
            f"meeting-{last}-minutes.pdf",
            f"meeting-{last}-agency-extract.pdf",
            f"scrutiny-pack-{pack.id}.pdf",
        ]
    )
    agenda = _text(built.folder / f"meeting-{upcoming}-agenda.pdf")
    assert "Northshire Hate Crime Risk Panel" in agenda and "OFFICIAL-SENSITIVE" in agenda
    assert re.search(r"HC-\d{4}-\d{6}", agenda)
    minutes = _text(built.folder / f"meeting-{last}-minutes.pdf")
    assert "Approved by chair" in minutes and "Northshire Homes" in minutes
    # the victim's voice, as victim support reported it, and the safety plan (issue 21)
    heard = session.exec(
        select(MinuteEntry).where(col(MinuteEntry.victim_views).is_not(None))
    ).all()
    assert heard and all(e.victim_views_agency_id and e.safety_plan for e in heard)
    assert "The victim's voice" in minutes and "Safety plan" in minutes
    assert "As reported by Northshire Victim Support" in " ".join(minutes.split())
    extract = _text(built.folder / f"meeting-{last}-agency-extract.pdf")
    assert "Actions for Northshire Homes" in extract
    scrutiny = _text(built.folder / f"scrutiny-pack-{pack.id}.pdf")
    assert "Community scrutiny pack" in scrutiny
    victims = [f"{p.given_name} {p.family_name}" for p in session.exec(select(Person))]
    assert not [name for name in victims if name in scrutiny]  # anonymised
    disclosed = session.exec(
        select(func.count()).where(col(AuditEvent.action) == "disclosure")
    ).one()
    assert disclosed >= 4
    assert all(p.stat().st_mode & 0o077 == 0 for p in built.folder.glob("*.pdf"))


def test_replayed_history_is_dated_in_the_past_and_the_audit_chain_holds(built: Built) -> None:
    session = built.session
    now = utcnow()
    # referrals from six months ago; actions from the first meeting, about four months ago
    for column, days in ((AuditEvent.at, 170), (CaseHistory.at, 170), (ActionUpdate.at, 100)):
        low, high = session.exec(select(func.min(column), func.max(column))).one()
        assert high <= now and now - low >= timedelta(days=days), column
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RISKPANEL_DATABASE_URL", built.settings.database_url)
        env.setenv("RISKPANEL_SECRET_KEY", built.settings.secret_key)
        env.setenv("RISKPANEL_DATA_DIR", str(built.settings.data_dir))
        get_settings.cache_clear()
        checked = CliRunner().invoke(cli_app, ["audit", "verify"])
        get_settings.cache_clear()
    assert checked.exit_code == 0, checked.output


def test_sign_ins_work_and_agencies_see_their_actions(built: Built) -> None:
    password = re.search(r"password for all: (\S+)\)", built.output)
    assert password and built.settings.base_url in built.output
    emails = dict(re.findall(r"^\s+(\w+)\s+(\S+@\S+)$", built.output, re.MULTILINE))
    assert {"coordinator", "chair", "agency", "scrutiny", "auditor", "admin"} <= set(emails)
    with TestClient(create_app(built.settings)) as client:
        r = client.post(
            "/api/v1/auth/session",
            json={"email": "housing@northshire.example", "password": password.group(1)},
        )
        assert r.status_code == 201, r.text
        actions = client.get("/api/v1/actions", params={"limit": 100})
    assert actions.status_code == 200, actions.text
    housing = built.session.exec(
        select(Agency.id).where(Agency.kind == AgencyKind.HOUSING.value)
    ).one()
    items = actions.json()["items"]
    assert items and {a["agency_id"] for a in items} == {housing}


def test_second_run_changes_nothing(built: Built, tmp_path: Path) -> None:
    before = _counts(built.session)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RISKPANEL_DATABASE_URL", built.settings.database_url)
        env.setenv("RISKPANEL_SECRET_KEY", built.settings.secret_key)
        get_settings.cache_clear()
        again = CliRunner().invoke(cli_app, ["demo", "--output", str(tmp_path / "again")])
        get_settings.cache_clear()
    assert again.exit_code == 0, again.output
    assert "demo data already present" in again.output
    assert _counts(built.session) == before
    assert not (tmp_path / "again").exists()


def _one_of_each(session: Session, column: Any, key: Any, path: str) -> list[str]:
    """One page per distinct value of `key` (a case per state, an action per progress)."""
    rows = session.exec(select(key, func.min(column)).group_by(key)).all()
    return [f"{path}/{row_id}" for _, row_id in rows]


def test_no_engine_word_reaches_a_page_or_a_pdf(built: Built) -> None:
    """Issue 21: every role's pages (and every demo PDF) in the panel's words. The
    coordinator also opens a case, referral and action in every state; a chair sees the
    coordinator's pages, so only the chair's own page is read as the chair."""
    session = built.session
    session.rollback()
    panel_pages = [
        *_one_of_each(session, Case.id, Case.state, "/cases"),
        *_one_of_each(session, Referral.id, Referral.status, "/referrals"),
        *_one_of_each(session, Action.id, Action.progress, "/actions"),
        *_one_of_each(session, Action.id, Action.review_outcome, "/actions"),
        *[f"/meetings/{m}" for m in session.exec(select(Meeting.id))],
    ]
    signs_in = {
        "coordinator": "coordinator",
        "chair": "chair",
        "agency": "housing",
        "scrutiny": "scrutiny",
        "auditor": "auditor",
        "admin": "admin",
    }
    found: dict[str, list[str]] = {}
    with TestClient(create_app(built.settings)) as client:
        for role, who in signs_in.items():
            client.cookies.clear()
            r = client.post(
                "/api/v1/auth/session",
                json={"email": f"{who}@northshire.example", "password": "demo-password-2026"},
            )
            assert r.status_code == 201, r.text
            seeds = [HOME[role], *(link for link, _ in NAV[role])]
            seeds += panel_pages if role == "coordinator" else []
            # the chair works the coordinator's pages: only its own page is new
            walked = walk(
                client, role, ["/approvals"] if role == "chair" else seeds, follow=role != "chair"
            )
            assert walked.pages >= (1 if role == "chair" else len(seeds) // 2), role
            found.update({f"{role} {path}": p for path, p in walked.problems.items()})
    for pdf in sorted(built.folder.glob("*.pdf")):
        problems = engine_words(" ".join(_text(pdf).split()))
        if problems:
            found[pdf.name] = problems
    assert not found, "\n".join(f"{where}: {p}" for where, p in found.items())
