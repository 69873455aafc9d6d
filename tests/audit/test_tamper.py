"""Tampering after sealing is found by `verify`, which names the first broken link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, text, update
from sqlmodel import Session
from typer.testing import CliRunner

from riskpanel.audit import chain
from riskpanel.cli import app as cli_app
from riskpanel.models import AuditEvent, AuditLink
from tests.audit.conftest import drop_append_only_triggers, write_events

CONTENT = [
    "at",
    "action",
    "purpose",
    "actor_user_id",
    "actor_credential_id",
    "actor_agency_id",
    "actor_role",
    "actor_label",
    "subject_type",
    "subject_id",
    "case_id",
    "person_id",
    "fields",
    "recipients",
    "detail",
    "request_id",
]


@pytest.fixture
def sealed(engine: Engine, session: Session) -> list[int]:
    events = write_events(session, 6)
    assert chain.seal(session=session, grace=timedelta(0)) == 6
    session.commit()
    assert chain.verify(session=session).ok
    session.rollback()
    drop_append_only_triggers(engine)
    return events


def link_of(session: Session, event_id: int) -> int:
    session.rollback()
    found = session.execute(text("SELECT seq FROM audit_link WHERE event_id = :e"), {"e": event_id})
    return int(found.scalar_one())


def run(engine: Engine, sql: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(sql), params)


def problems(session: Session) -> list[str]:
    session.rollback()
    return chain.verify(session=session).problems


def test_an_edited_event_is_found(engine: Engine, session: Session, sealed: list[int]) -> None:
    target = sealed[2]
    run(engine, "UPDATE audit_event SET purpose = 'screening' WHERE id = :id", id=target)
    seq = link_of(session, target)
    assert problems(session) == [
        f"link {seq} (event {target}): the event was altered after sealing"
    ]


def test_a_deleted_event_is_found(engine: Engine, session: Session, sealed: list[int]) -> None:
    target = sealed[3]
    seq = link_of(session, target)
    run(engine, "DELETE FROM audit_event WHERE id = :id", id=target)
    assert problems(session) == [f"link {seq} (event {target}): the event was deleted"]


def test_reordered_events_are_found(engine: Engine, session: Session, sealed: list[int]) -> None:
    first, second = sealed[1], sealed[4]
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        rows = {
            r.id: {c: getattr(r, c) for c in CONTENT}
            for r in conn.execute(select(table).where(table.c.id.in_([first, second])))
        }
        conn.execute(update(table).where(table.c.id == first).values(**rows[second]))
        conn.execute(update(table).where(table.c.id == second).values(**rows[first]))
    seq = link_of(session, first)
    found = problems(session)
    assert found == [f"link {seq} (event {first}): the event was altered after sealing"]


def test_a_row_inserted_below_the_head_is_found(
    engine: Engine, session: Session, sealed: list[int]
) -> None:
    run(engine, "DELETE FROM audit_link")
    run(engine, "DELETE FROM audit_event WHERE id = :id", id=sealed[2])
    session.rollback()
    assert chain.seal(session=session, grace=timedelta(0)) == 5  # a chain with a gap
    session.commit()
    assert chain.verify(session=session).ok
    session.rollback()
    columns = ", ".join(["id", *CONTENT])
    run(
        engine,
        f"INSERT INTO audit_event ({columns}) SELECT :new, {', '.join(CONTENT)} "
        "FROM audit_event WHERE id = :src",
        new=sealed[2],
        src=sealed[1],
    )
    assert problems(session) == [
        "1 event(s) with ids at or below the sealed head are not in the chain "
        "(inserted after sealing)"
    ]


def test_a_removed_link_is_a_sequence_gap(
    engine: Engine, session: Session, sealed: list[int]
) -> None:
    run(engine, "DELETE FROM audit_link WHERE seq = 3")
    assert problems(session)[0].startswith(f"link 4 (event {sealed[3]}): sequence gap")


def test_a_rewritten_chain_is_caught_by_an_outside_checkpoint(
    engine: Engine, session: Session, sealed: list[int]
) -> None:
    head = session.get(AuditLink, 6)
    assert head is not None
    checkpoint = head.hash
    run(engine, "UPDATE audit_event SET purpose = 'screening' WHERE id = :id", id=sealed[0])
    run(engine, "DELETE FROM audit_link")
    session.rollback()
    chain.seal(session=session, grace=timedelta(0))  # the attacker re-seals everything
    session.commit()
    assert chain.verify(session=session).ok  # consistent on its own...
    problem = chain.check_checkpoint(session=session, seq=6, digest=checkpoint)
    assert problem == f"link 6 (event {sealed[5]}): hash differs from the checkpoint"


def test_cli_verify_exit_codes_and_checkpoint(
    engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    ok = cli.invoke(cli_app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "chain intact" in ok.output
    cp = cli.invoke(cli_app, ["audit", "checkpoint", "--grace-seconds", "0"])
    assert cp.exit_code == 0
    seq, digest = cp.output.strip().split(":")
    assert int(seq) == 6 and len(digest) == 64
    good = cli.invoke(cli_app, ["audit", "verify", "--checkpoint", cp.output.strip()])
    assert good.exit_code == 0
    wrong = cli.invoke(cli_app, ["audit", "verify", "--checkpoint", f"6:{'0' * 64}"])
    assert wrong.exit_code == 1
    run(engine, "UPDATE audit_event SET purpose = 'screening' WHERE id = :id", id=sealed[4])
    broken = cli.invoke(cli_app, ["audit", "verify", "--json"])
    assert broken.exit_code == 1
    assert f"(event {sealed[4]}): the event was altered" in broken.output
    bad = cli.invoke(cli_app, ["audit", "verify", "--checkpoint", "nonsense"])
    assert bad.exit_code == 2
