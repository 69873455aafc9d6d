"""`riskpanel audit`: seal the access log's hash chain, verify it, print a checkpoint.

A checkpoint (sequence number and head hash) kept outside the database is what catches a
chain rewritten from scratch: `verify --checkpoint SEQ:HASH` checks that link SEQ still
carries HASH.
"""

from __future__ import annotations

import json
from datetime import timedelta

import typer

from riskpanel.audit import chain
from riskpanel.cli.common import unit_of_work

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
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON"),
) -> None:
    """Walk the chain; exit 1 and name the first broken link if anything was tampered with."""
    expected = _parse_checkpoint(checkpoint)
    with unit_of_work() as session:
        report = chain.verify(session=session)
        if expected is not None:
            problem = chain.check_checkpoint(session=session, seq=expected[0], digest=expected[1])
            if problem:
                report.problems.append(problem)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "checked": report.checked,
                    "unsealed": report.unsealed,
                    "head_hash": report.head_hash,
                    "problems": report.problems,
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
) -> None:
    """Seal, then print the head's sequence number and hash, to keep outside the database."""
    with unit_of_work() as session:
        chain.seal(session=session, grace=timedelta(seconds=grace_seconds))
    with unit_of_work() as session:
        head = chain.head(session)
    seq, digest = (head.seq, head.hash) if head else (0, chain.GENESIS)
    sealed_at = head.sealed_at.isoformat() if head else None
    if as_json:
        typer.echo(json.dumps({"seq": seq, "hash": digest, "sealed_at": sealed_at}))
    else:
        typer.echo(f"{seq}:{digest}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="audit")
