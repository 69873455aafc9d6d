"""Tampering is found by `riskpanel audit verify`, which exits 1 and names what broke.

The attacker here has the database's rights (the owner's, after dropping the append-only
triggers, or the runtime role's INSERT) but not the audit key, which lives outside the
database; a cut tail or an emptied log is caught by the checkpoint `tick` wrote.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, text, update
from sqlmodel import Session
from typer.testing import CliRunner

from riskpanel.audit import chain, checkpoints
from riskpanel.audit.keys import SEALED_FIELDS
from riskpanel.cli import app as cli_app
from riskpanel.config import Settings
from riskpanel.models import AuditEvent, AuditLink
from tests.audit.conftest import drop_append_only_triggers, write_events
from tests.conftest import BACKEND

# every column of an event but its id and seal: what a forger copies or rewrites
CONTENT = list(SEALED_FIELDS)


@pytest.fixture
def sealed(owner_engine: Engine, session: Session, cli: CliRunner) -> list[int]:
    """Six events, sealed, and a checkpoint written by `riskpanel tick`."""
    events = write_events(session, 6)
    assert chain.seal(session=session, grace=timedelta(0)) == 6
    session.commit()
    ticked = cli.invoke(cli_app, ["tick", "--json"])
    assert ticked.exit_code == 0, ticked.output
    assert json.loads(ticked.output)["jobs"]["audit_checkpoint"] == 1
    assert verify(cli).exit_code == 0
    drop_append_only_triggers(owner_engine)
    return events


def verify(cli: CliRunner, *args: str) -> object:
    return cli.invoke(cli_app, ["audit", "verify", *args])


def broken(cli: CliRunner, *args: str) -> list[str]:
    """The problems `audit verify --json` reports; it must exit 1."""
    result = cli.invoke(cli_app, ["audit", "verify", "--json", *args])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["ok"] is False
    return list(report["problems"])


def link_of(session: Session, event_id: int) -> int:
    session.rollback()
    found = session.execute(text("SELECT seq FROM audit_link WHERE event_id = :e"), {"e": event_id})
    return int(found.scalar_one())


def run(engine: Engine, sql: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(sql), params)


def test_an_edited_event_is_found(
    owner_engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    target = sealed[2]
    run(owner_engine, "UPDATE audit_event SET purpose = 'screening' WHERE id = :id", id=target)
    seq = link_of(session, target)
    assert broken(cli) == [
        f"link {seq} (event {target}): the event was altered after sealing (the link does "
        "not verify)"
    ]


def test_a_deleted_event_is_found(
    owner_engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    target = sealed[3]
    seq = link_of(session, target)
    run(owner_engine, "DELETE FROM audit_event WHERE id = :id", id=target)
    assert broken(cli) == [f"link {seq} (event {target}): the event was deleted"]


def test_reordered_events_are_found(
    owner_engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    first, second = sealed[1], sealed[4]
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    columns = [*CONTENT, "mac"]
    with owner_engine.begin() as conn:
        rows = {
            r.id: {c: getattr(r, c) for c in columns}
            for r in conn.execute(select(table).where(table.c.id.in_([first, second])))
        }
        conn.execute(update(table).where(table.c.id == first).values(**rows[second]))
        conn.execute(update(table).where(table.c.id == second).values(**rows[first]))
    seq = link_of(session, first)
    assert broken(cli) == [
        f"link {seq} (event {first}): the event was altered after sealing (the link does "
        "not verify)"
    ]


def test_a_row_inserted_below_the_head_is_found(
    owner_engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    run(owner_engine, "DELETE FROM audit_link")
    run(owner_engine, "DELETE FROM audit_event WHERE id = :id", id=sealed[2])
    session.rollback()
    assert chain.seal(session=session, grace=timedelta(0)) == 5  # a chain with a gap
    session.commit()
    assert chain.verify(session=session).ok
    session.rollback()
    columns = ", ".join(["id", *CONTENT, "mac"])
    run(
        owner_engine,
        f"INSERT INTO audit_event ({columns}) SELECT :new, {', '.join(CONTENT)}, mac "
        "FROM audit_event WHERE id = :src",
        new=sealed[2],
        src=sealed[1],
    )
    found = chain.verify(session=session).problems
    assert found[0] == (
        "1 event(s) with ids at or below the sealed head are not in the chain "
        "(inserted after sealing)"
    )
    assert "copies of another event" in found[1]


def test_a_removed_link_is_a_sequence_gap(
    owner_engine: Engine, sealed: list[int], cli: CliRunner
) -> None:
    run(owner_engine, "DELETE FROM audit_link WHERE seq = 3")
    assert broken(cli)[0].startswith(f"link 4 (event {sealed[3]}): sequence gap")


def test_a_cut_tail_is_found_by_the_latest_checkpoint(
    owner_engine: Engine, sealed: list[int], cli: CliRunner
) -> None:
    run(owner_engine, "DELETE FROM audit_link WHERE seq > 4")
    run(owner_engine, "DELETE FROM audit_event WHERE id > :id", id=sealed[3])
    assert broken(cli) == [
        "the chain has 4 link(s) but the checkpoint of "
        f"{_latest_at(cli)} recorded 6: the log was cut back"
    ]


def _latest_at(cli: CliRunner) -> str:
    result = cli.invoke(cli_app, ["audit", "verify", "--json"])
    return str(json.loads(result.output)["checkpoint"])


@pytest.mark.parametrize("how", ["truncate", "delete"])
def test_an_emptied_log_is_found(
    owner_engine: Engine, sealed: list[int], cli: CliRunner, how: str
) -> None:
    """TRUNCATE needs the owner (the runtime role is refused: see test_append_only); even
    the owner, triggers dropped, leaves an empty chain that the checkpoint contradicts."""
    if how == "truncate" and BACKEND == "postgresql":
        for table in ("audit_event", "audit_link"):
            run(owner_engine, f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        run(owner_engine, "TRUNCATE audit_link, audit_event")
    else:  # SQLite's TRUNCATE is an unqualified DELETE
        run(owner_engine, "DELETE FROM audit_link")
        run(owner_engine, "DELETE FROM audit_event")
    problems = broken(cli)
    assert problems == [
        f"the chain has 0 link(s) but the checkpoint of {_latest_at(cli)} recorded 6: the "
        "log was cut back (the log was emptied)"
    ]
    assert "chain intact" not in verify(cli).output  # type: ignore[attr-defined]


def test_a_forged_unsealed_event_is_found(
    engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    """The runtime role may INSERT: a plain INSERT with a plausible seal still fails."""
    columns = ", ".join(CONTENT[1:])
    run(
        engine,
        f"INSERT INTO audit_event (at, {columns}, mac) SELECT at, {columns}, :mac "
        "FROM audit_event WHERE id = :src",
        mac=hashlib.sha256(b"plausible").hexdigest()[:16] + hashlib.sha256(b"x").hexdigest(),
        src=sealed[0],
    )
    forged = int(session.execute(text("SELECT MAX(id) FROM audit_event")).scalar_one())
    assert broken(cli) == [
        f"event {forged} (not yet sealed): its seal does not verify, so riskpanel did not "
        "write it or it was altered (1 such event(s))"
    ]
    session.rollback()
    chain.seal(session=session, grace=timedelta(0))  # sealing does not launder it
    session.commit()
    assert broken(cli) == [
        f"link 7 (event {forged}): the event's own seal does not verify (written behind "
        "riskpanel's back)"
    ]


def test_a_copied_event_is_found(
    engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    columns = ", ".join([*CONTENT, "mac"])
    run(
        engine,
        f"INSERT INTO audit_event ({columns}) SELECT {columns} FROM audit_event WHERE id = :src",
        src=sealed[5],
    )
    assert broken(cli) == [
        "1 event(s) are copies of another event (the same seal twice): inserted behind "
        "riskpanel's back"
    ]


def test_a_chain_rehashed_without_the_key_is_found(
    owner_engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    """The old unkeyed rule (sha256 of the previous hash and the event) no longer verifies."""
    run(owner_engine, "UPDATE audit_event SET purpose = 'screening' WHERE id = :id", id=sealed[0])
    run(owner_engine, "DELETE FROM audit_link")
    session.rollback()
    prev = chain.GENESIS
    for seq, event_id in enumerate(sealed, start=1):
        event = session.get(AuditEvent, event_id)
        assert event is not None
        digest = hashlib.sha256(prev.encode() + chain.canonical(event)).hexdigest()
        session.add(AuditLink(seq=seq, event_id=event_id, prev_hash=prev, hash=digest))
        prev = digest
    session.commit()
    assert broken(cli)[0] == (
        f"link 1 (event {sealed[0]}): the event was altered after sealing (the link does "
        "not verify)"
    )


def test_a_chain_rewritten_with_the_key_is_caught_by_the_checkpoint(
    owner_engine: Engine, session: Session, sealed: list[int], cli: CliRunner
) -> None:
    """Even someone holding the key and the owner's rights is caught by the checkpoint."""
    head = session.get(AuditLink, 6)
    assert head is not None
    checkpoint = head.hash
    run(owner_engine, "DELETE FROM audit_link")
    run(owner_engine, "DELETE FROM audit_event WHERE id = :id", id=sealed[0])
    session.rollback()
    write_events(session, 1)
    chain.seal(session=session, grace=timedelta(0))  # the attacker re-seals everything
    session.commit()
    assert chain.verify(session=session).ok  # consistent on its own...
    problems = broken(cli, "--checkpoint", f"6:{checkpoint}")
    assert problems == [
        f"link 6 (event {sealed[5] + 1}): differs from the checkpoint of {_latest_at(cli)} "
        "(the chain was rewritten)",
        f"link 6 (event {sealed[5] + 1}): hash differs from the checkpoint",
    ]


def test_an_altered_checkpoint_file_is_found(
    settings: Settings, sealed: list[int], cli: CliRunner
) -> None:
    path = settings.checkpoint_dir / checkpoints.FILE_NAME
    line = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**line, "count": 2}) + "\n", encoding="utf-8")
    assert broken(cli) == [
        f"checkpoint file {path}, line 1: signature does not verify (altered, or signed "
        "with another audit key)"
    ]


def test_cli_verify_exit_codes_and_checkpoint(
    owner_engine: Engine, sealed: list[int], cli: CliRunner
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
    run(owner_engine, "UPDATE audit_event SET purpose = 'screening' WHERE id = :id", id=sealed[4])
    broken_run = cli.invoke(cli_app, ["audit", "verify", "--json"])
    assert broken_run.exit_code == 1
    assert f"(event {sealed[4]}): the event was altered" in broken_run.output
    bad = cli.invoke(cli_app, ["audit", "verify", "--checkpoint", "nonsense"])
    assert bad.exit_code == 2


def test_a_fresh_install_without_checkpoints_verifies(session: Session, cli: CliRunner) -> None:
    write_events(session, 2)
    result = cli.invoke(cli_app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "no checkpoint in" in result.output and "chain intact" in result.output
