"""`riskpanel audit`: seal the access log's keyed chain, verify it, take a checkpoint.

A checkpoint (link count, head, time; signed with the audit key) kept outside the database
is what catches a cut tail or an emptied log. `riskpanel tick` appends one to the
checkpoint file whenever the head moved, and `verify` checks against the latest by
default; `verify --checkpoint SEQ:HASH` also checks one kept elsewhere (e.g. on paper).
"""

from __future__ import annotations

import json
from datetime import timedelta

import typer

from riskpanel.audit import chain, checkpoints
from riskpanel.audit.keys import key_for
from riskpanel.cli.common import ReportAsJson, settings, unit_of_work
from riskpanel.models import utcnow

app = typer.Typer(help="The access log (DPA 2018 s.62): seal, verify, checkpoint.")
GRACE = typer.Option(
    chain.DEFAULT_GRACE.total_seconds(),
    min=0.0,
    help="Seal only events older than this many seconds",
)


@app.command()
def seal(grace_seconds: float = GRACE) -> None:
    """Link committed events into the hash chain (`riskpanel tick` does this too)."""
    with unit_of_work() as session:
        sealed = chain.seal(session=session, grace=timedelta(seconds=grace_seconds))
    typer.echo(f"sealed {sealed} event(s)")


def _parse_checkpoint(value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    seq, sep, digest = value.partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise typer.BadParameter(
            "expected SEQ:HASH as printed by `audit checkpoint`", param_hint="--checkpoint"
        )
    return int(seq), digest.lower()


@app.command()
def verify(
    checkpoint: str | None = typer.Option(
        None, help="SEQ:HASH from an earlier `audit checkpoint`, to compare against"
    ),
    as_json: ReportAsJson = False,
) -> None:
    """Walk the chain and check it against the latest checkpoint file; exit 1 and name
    the first break if anything was altered, inserted, removed or cut."""
    expected = _parse_checkpoint(checkpoint)
    directory = settings().checkpoint_dir
    with unit_of_work() as session:
        report = chain.verify(session=session)
        latest, bad_lines = checkpoints.read_latest(directory, key_for(session))
        report.problems.extend(bad_lines)
        found = [checkpoints.check(session=session, checkpoint=latest)] if latest else []
        if expected is not None:
            found.append(
                chain.check_checkpoint(session=session, seq=expected[0], digest=expected[1])
            )
        report.problems.extend(problem for problem in found if problem)
    if latest is None and not as_json:
        typer.echo(f"no checkpoint in {directory} yet (`riskpanel tick` writes them)")
    elif latest is not None and not as_json:
        noted = f" ({latest.note})" if latest.note else ""
        typer.echo(f"latest checkpoint {latest.at}: link {latest.seq}{noted}")
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "checked": report.checked,
                    "unsealed": report.unsealed,
                    "head_hash": report.head_hash,
                    "problems": report.problems,
                    "checkpoint": latest.at if latest else None,
                    "checkpoint_note": latest.note if latest else None,
                }
            )
        )
    else:
        typer.echo(f"checked {report.checked} link(s); {report.unsealed} event(s) not yet sealed")
        for problem in report.problems:
            typer.secho(f"BROKEN: {problem}", err=True, fg="red")
        if report.ok:
            typer.echo(f"chain intact; head {report.head_hash}")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def checkpoint(
    grace_seconds: float = GRACE,
    as_json: bool = typer.Option(False, "--json", help="Print the checkpoint as JSON"),
    note: str = typer.Option(
        "",
        help="Signed with the checkpoint, e.g. 'restored from FILE' after a PostgreSQL "
        "restore moved the head back on purpose",
    ),
) -> None:
    """Seal, append a signed checkpoint to the checkpoint file, and print the head's
    sequence number and hash (SEQ:HASH) to keep somewhere else as well."""
    with unit_of_work() as session:
        chain.seal(session=session, grace=timedelta(seconds=grace_seconds))
    with unit_of_work() as session:
        head = chain.head(session)
        checkpoints.write(
            session=session,
            directory=settings().checkpoint_dir,
            key=key_for(session),
            now=utcnow(),
            note=note,
        )
    seq, digest = (head.seq, head.hash) if head else (0, chain.GENESIS)
    sealed_at = head.sealed_at.isoformat() if head else None
    if as_json:
        typer.echo(json.dumps({"seq": seq, "hash": digest, "sealed_at": sealed_at}))
    else:
        typer.echo(f"{seq}:{digest}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="audit")
