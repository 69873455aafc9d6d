"""`riskpanel retention`: erase what the retention policy says is due, and legal holds.

`run` is a dry run unless `--apply` is given: it does the whole erasure in a transaction
and rolls it back, so the report shows exactly what a real run would erase.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from sqlmodel import Session

from riskpanel.cli.common import CLI_PRINCIPAL, AsJson, ReportAsJson, settings, unit_of_work
from riskpanel.db import get_engine
from riskpanel.models import utcnow
from riskpanel.retention.policy import load_policy
from riskpanel.retention.service import run as run_retention
from riskpanel.retention.service import set_legal_hold

CaseId = Annotated[int | None, typer.Option("--case", help="Case id")]
PersonId = Annotated[int | None, typer.Option("--person", help="Person id")]
Reason = Annotated[
    str | None, typer.Option("--reason", help="Why (a case's hold keeps it with the record)")
]
app = typer.Typer(help="Retention periods, legal holds and erasure.", no_args_is_help=True)


def _parse_now(value: str | None) -> datetime:
    if value is None:
        return utcnow()
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 time", param_hint="--now") from None
    if when.tzinfo is None:
        raise typer.BadParameter("give a time zone, e.g. +00:00", param_hint="--now")
    return when


@app.command()
def run(
    apply: bool = typer.Option(False, "--apply", help="Erase for real (default: dry run)"),
    now: str | None = typer.Option(None, help="Pretend it is this time (ISO 8601), for drills"),
    as_json: ReportAsJson = False,
) -> None:
    """Erase (anonymise) every record past its retention period and not on legal hold."""
    cfg = settings()
    policy = load_policy(cfg.workflows_dir)
    with Session(get_engine(cfg), expire_on_commit=False) as session:
        try:
            report = run_retention(session=session, policy=policy, now=_parse_now(now))
            if apply:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
    if as_json:
        typer.echo(json.dumps({"applied": apply, **report.as_dict()}))
        return
    verb = "erased" if apply else "due (dry run, nothing changed)"
    for kind, ids in report.erased.items():
        typer.echo(f"{kind}: {len(ids)} {verb}" + (f": {_ids(ids)}" if ids else ""))
    for kind, ids in report.held.items():
        if ids:
            typer.echo(f"{kind}: {len(ids)} kept under legal hold: {_ids(ids)}")
    if not apply:
        typer.echo("run again with --apply to erase")


def _ids(ids: list[int], most: int = 20) -> str:
    shown = ", ".join(str(i) for i in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def _hold(case: int | None, person: int | None, hold: bool, reason: str | None) -> None:
    if (case is None) == (person is None):
        raise typer.BadParameter("give exactly one of --case or --person")
    with unit_of_work() as session:
        set_legal_hold(
            session=session,
            principal=CLI_PRINCIPAL,
            hold=hold,
            case_id=case,
            person_id=person,
            reason=reason,
        )
    what = f"case {case}" if case is not None else f"person {person}"
    typer.echo(f"{what}: legal hold {'placed' if hold else 'released'}")


@app.command()
def hold(case: CaseId = None, person: PersonId = None, reason: Reason = None) -> None:
    """Place a legal hold: the record is kept whatever its retention period."""
    _hold(case, person, True, reason)


@app.command()
def release(case: CaseId = None, person: PersonId = None, reason: Reason = None) -> None:
    """Release a legal hold; the retention period applies again."""
    _hold(case, person, False, reason)


@app.command()
def policy(as_json: AsJson = False) -> None:
    """Show the retention periods in force."""
    loaded = load_policy(settings().workflows_dir)
    if as_json:
        typer.echo(loaded.model_dump_json(indent=2))
        return
    for name, period in sorted(loaded.record_types.items()):
        typer.echo(f"{name:<24} {period.keep_years} year(s) after {period.counted_from}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="retention")
