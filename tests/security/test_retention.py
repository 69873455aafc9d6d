"""Retention: dry run by default, erasure by anonymisation, legal hold, audited erasures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.kit.principal import SYSTEM
from riskpanel.models import (
    Action,
    AuditEvent,
    Case,
    Incident,
    Person,
    Referral,
    utcnow,
)
from riskpanel.retention.erasure import ERASED
from riskpanel.retention.policy import DEFAULT_POLICY, load_policy
from riskpanel.retention.service import run, set_legal_hold
from tests.fixtures import World
from tests.security import builders
from tests.security.matrix import Ctx

YEAR = timedelta(days=365)


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_WORKFLOWS_DIR", str(settings.workflows_dir))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def closed_case(ctx: Ctx, years_ago: float, **kw: object) -> Case:
    closed = utcnow() - timedelta(days=365 * years_ago)
    return ctx.fresh_case(True, closed_at=closed, opened_at=closed - YEAR, state="closed", **kw)


def add_action(session: Session, case: Case, world: World) -> None:
    session.add(
        Action(
            reference=builders.unique("A"),
            case_id=case.id or 0,
            agency_id=world.agencies["housing"].id or 0,
            description="Visit Ms Example at home and fit a lock",
            due_on=(case.opened_at + timedelta(days=30)).date(),
        )
    )
    session.commit()


def test_the_shipped_policy_keeps_cases_six_years(settings: Settings) -> None:
    policy = load_policy(settings.workflows_dir)
    assert policy.period("case").keep_years >= 6
    assert load_policy(Path("/nonexistent")) == DEFAULT_POLICY


def test_a_broken_policy_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "retention").mkdir()
    (tmp_path / "retention" / "policy.yaml").write_text(
        "record_types:\n  case:\n    keep_years: 0\n    counted_from: closed_at\n"
    )
    with pytest.raises(Exception, match=r"record_types\.case\.keep_years"):
        load_policy(tmp_path)


def test_erasure_anonymises_what_is_due_and_keeps_the_rest(
    session: Session, world: World, settings: Settings
) -> None:
    ctx = Ctx(session, world, settings)
    old = closed_case(ctx, 7)
    add_action(session, old, world)
    recent = closed_case(ctx, 5)
    open_case = ctx.fresh_case(True)
    report = run(session=session, policy=DEFAULT_POLICY, now=utcnow())
    session.commit()
    assert report.erased["case"] == [old.id]
    session.expire_all()
    erased = session.get(Case, old.id)
    assert erased is not None and erased.erased_at is not None and erased.route_evidence == []
    victim = session.get(Person, old.victim_person_id)
    assert victim is not None and victim.erased_at is not None
    assert victim.given_name is None and victim.family_name is None and victim.postcode is None
    assert victim.district == "Testshire North"  # areas stay for the statistics
    referral = session.exec(select(Referral).where(Referral.case_id == old.id)).one()
    assert referral.narrative == ERASED and referral.why_answer == ERASED
    incident = session.exec(select(Incident).where(Incident.case_id == old.id)).one()
    assert incident.location is None and incident.description is None
    assert incident.occurred_on is not None and incident.kind == "crime"
    action = session.exec(select(Action).where(Action.case_id == old.id)).one()
    assert action.description == ERASED
    for kept in (recent, open_case):
        row = session.get(Case, kept.id)
        person = session.get(Person, kept.victim_person_id)
        assert row is not None and row.erased_at is None
        assert person is not None and person.family_name
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "erasure")).all()
    assert {(e.subject_type, e.subject_id) for e in events} == {
        ("case", str(old.id)),
        ("person", str(old.victim_person_id)),
    }
    case_event = next(e for e in events if e.subject_type == "case")
    assert "referral.narrative" in case_event.fields and case_event.purpose == "retention"
    assert case_event.person_id == old.victim_person_id
    again = run(session=session, policy=DEFAULT_POLICY, now=utcnow())
    assert again.erased == {"case": [], "referral": [], "person": []}  # idempotent


def test_legal_hold_on_the_case_or_anyone_in_it_keeps_it(
    session: Session, world: World, settings: Settings
) -> None:
    ctx = Ctx(session, world, settings)
    held_case = closed_case(ctx, 8)
    via_witness = closed_case(ctx, 8)
    witness = builders.make_person(session)
    builders.add_party(session, via_witness, witness, "witness")
    held_person_case = closed_case(ctx, 8)
    session.commit()
    set_legal_hold(session=session, principal=SYSTEM, hold=True, case_id=held_case.id)
    set_legal_hold(session=session, principal=SYSTEM, hold=True, person_id=witness.id)
    set_legal_hold(
        session=session, principal=SYSTEM, hold=True, person_id=held_person_case.victim_person_id
    )
    session.commit()
    report = run(session=session, policy=DEFAULT_POLICY, now=utcnow())
    session.commit()
    assert report.erased["case"] == []
    assert report.held["case"] == sorted([held_case.id, via_witness.id, held_person_case.id])
    holds = session.exec(select(AuditEvent).where(AuditEvent.purpose == "retention")).all()
    assert len(holds) == 3 and all(e.action == "administration" for e in holds)
    set_legal_hold(session=session, principal=SYSTEM, hold=False, case_id=held_case.id)
    session.commit()
    assert run(session=session, policy=DEFAULT_POLICY, now=utcnow()).erased["case"] == [
        held_case.id
    ]


def test_people_in_a_case_that_is_kept_are_kept(
    session: Session, world: World, settings: Settings
) -> None:
    ctx = Ctx(session, world, settings)
    shared = builders.make_person(session, family_name="Sharedperson")
    old = closed_case(ctx, 9)
    builders.add_party(session, old, shared, "perpetrator")
    live = ctx.fresh_case(True)
    builders.add_party(session, live, shared, "perpetrator")
    session.commit()
    report = run(session=session, policy=DEFAULT_POLICY, now=utcnow())
    assert report.erased["case"] == [old.id]
    assert shared.id not in report.erased["person"]
    assert old.victim_person_id in report.erased["person"]


def test_referrals_that_never_became_a_case(
    session: Session, world: World, settings: Settings
) -> None:
    victim = builders.make_person(session)
    received = utcnow() - timedelta(days=3 * 365)
    old = Referral(
        reference=builders.unique("R"),
        panel_id=world.panel.id or 0,
        victim_person_id=victim.id or 0,
        received_at=received,
        narrative="Shouted at near the park by a neighbour.",
        status="rejected",
    )
    fresh = Referral(
        reference=builders.unique("R"),
        panel_id=world.panel.id or 0,
        victim_person_id=builders.make_person(session).id or 0,
        narrative="Recent",
    )
    session.add_all([old, fresh])
    session.commit()
    report = run(session=session, policy=DEFAULT_POLICY, now=utcnow())
    session.commit()
    assert report.erased["referral"] == [old.id]
    assert report.erased["person"] == [victim.id]
    session.expire_all()
    assert session.get(Referral, old.id).narrative == ERASED  # type: ignore[union-attr]
    assert session.get(Referral, fresh.id).narrative == "Recent"  # type: ignore[union-attr]


def test_cli_dry_run_changes_nothing_and_apply_erases(
    cli: CliRunner, session: Session, world: World, settings: Settings
) -> None:
    ctx = Ctx(session, world, settings)
    old = closed_case(ctx, 7)
    dry = cli.invoke(cli_app, ["retention", "run"])
    assert dry.exit_code == 0, dry.output
    assert "case: 1 due (dry run, nothing changed)" in dry.output
    session.expire_all()
    assert session.get(Case, old.id).erased_at is None  # type: ignore[union-attr]
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "erasure")).all()
    session.rollback()
    applied = cli.invoke(cli_app, ["retention", "run", "--apply", "--json"])
    assert applied.exit_code == 0, applied.output
    report = json.loads(applied.output)
    assert report["applied"] and report["erased"]["case"] == 1
    session.expire_all()
    assert session.get(Case, old.id).erased_at is not None  # type: ignore[union-attr]


def test_cli_holds_and_policy(
    cli: CliRunner, session: Session, world: World, settings: Settings
) -> None:
    ctx = Ctx(session, world, settings)
    old = closed_case(ctx, 7)
    assert cli.invoke(cli_app, ["retention", "hold", "--case", str(old.id)]).exit_code == 0
    dry = cli.invoke(cli_app, ["retention", "run", "--now", utcnow().isoformat()])
    assert "kept under legal hold" in dry.output
    assert cli.invoke(cli_app, ["retention", "release", "--case", str(old.id)]).exit_code == 0
    assert "case: 1 due" in cli.invoke(cli_app, ["retention", "run"]).output
    assert cli.invoke(cli_app, ["retention", "hold"]).exit_code != 0
    assert "6 year(s) after closed_at" in cli.invoke(cli_app, ["retention", "policy"]).output
    bad_time = cli.invoke(cli_app, ["retention", "run", "--now", "2030-01-01T00:00:00"])
    assert bad_time.exit_code == 2
