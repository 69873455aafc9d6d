"""`riskpanel scrutiny`: draft, inspect, review and release scrutiny packs; print the figures.

The command line acts as the panel's coordinator (it needs `--panel` or the pack's panel),
and every command goes through the same services as the API, so the same audit entries are
written: a release is a disclosure to its recipients, a PDF written to disk is one too.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from riskpanel.cli.common import echo_json, parse_date, settings, unit_of_work
from riskpanel.documents import PdfCache
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.models import ScrutinyPack
from riskpanel.scrutiny import access
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as packs
from riskpanel.scrutiny.packs.schemas import PackCreate, PackDetailOut
from riskpanel.scrutiny.statistics import service as figures
from riskpanel.scrutiny.summaries import service as summaries

PanelId = Annotated[int, typer.Option("--panel", help="Panel id")]
scrutiny = typer.Typer(help="Community scrutiny packs and figures.", no_args_is_help=True)
pack = typer.Typer(help="Scrutiny packs: create, show, review, release, pdf.", no_args_is_help=True)
scrutiny.add_typer(pack, name="pack")


def _as_coordinator(
    session: Session, pack_id: int, *, for_update: bool = True
) -> tuple[Principal, ScrutinyPack]:
    """The pack's panel coordinator (the command line acts as them) and the pack."""
    principal = access.pack_coordinator(session, pack_id)
    return principal, access.get_pack(session, principal, pack_id, for_update=for_update)


def _print_detail(out: PackDetailOut) -> None:
    typer.echo(f"pack {out.id}: {out.title}")
    typer.echo(f"  status {out.status}; period {out.period_start} to {out.period_end}")
    typer.echo(
        f"  {out.progress.total} summaries of {out.population} closed cases: "
        f"{out.progress.reviewed} reviewed, {out.progress.withheld} withheld, "
        f"{out.progress.to_review} to review"
    )
    typer.echo(f"  k={out.kanon.k}; generalised: {', '.join(out.kanon.generalised) or 'nothing'}")
    if out.kanon.withheld_labels:
        typer.echo(f"  k-anonymity withholds: {', '.join(out.kanon.withheld_labels)}")
    if out.content_sha256:
        state = "intact" if out.content_intact else "CHANGED SINCE RELEASE"
        typer.echo(f"  released {out.released_at}; sha256 {out.content_sha256} ({state})")
    for s in out.summaries:
        mark = "withheld" if s.withheld else "reviewed" if s.reviewed else "to review"
        typer.echo(f"  [{s.id}] {s.label} {s.pseudonym} ({mark}): {len(s.spans)} span(s) removed")


@pack.command("create")
def pack_create(
    panel: PanelId,
    start: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)"),
    end: str = typer.Option(..., "--to", help="Last day of the period (YYYY-MM-DD)"),
    sample: int = typer.Option(..., "--sample", help="How many closed cases to draw"),
    seed: int | None = typer.Option(None, "--seed", help="Repeatable draw"),
    k: int | None = typer.Option(None, "--k", help="k-anonymity (panel default 5)"),
    extend: int = typer.Option(12, "--extend-months", help="Draw from up to N months earlier"),
) -> None:
    """Draft a pack: a random sample of the period's closed cases, anonymised for review."""
    data = PackCreate(
        period_start=parse_date(start, "--from"),
        period_end=parse_date(end, "--to"),
        sample_size=sample,
        seed=seed,
        k=k,
        extend_months=extend,
    )
    with unit_of_work() as session:
        principal = access.command_line_coordinator(session, panel)
        row = packs.create_pack(session=session, caller=Caller(principal, settings()), data=data)
        out = releases.pack_detail(session=session, principal=principal, pack=row)
    _print_detail(out)


@pack.command("show")
def pack_show(
    pack_id: int = typer.Argument(..., help="Pack id"),
    as_json: bool = typer.Option(False, "--json", help="Print the review view as JSON"),
) -> None:
    """Show a pack's review state (and, with --json, every summary with its spans)."""
    with unit_of_work() as session:
        principal, row = _as_coordinator(session, pack_id, for_update=False)
        out = releases.pack_detail(session=session, principal=principal, pack=row)
    if as_json:
        typer.echo(out.model_dump_json(indent=2))
    else:
        _print_detail(out)


@pack.command("review")
def pack_review(
    pack_id: int = typer.Argument(..., help="Pack id"),
    summary: list[int] = typer.Option(..., "--summary", help="Summary id reviewed (repeat)"),
) -> None:
    """Record that the named summaries were read and their redaction checked."""
    with unit_of_work() as session:
        principal, row = _as_coordinator(session, pack_id)
        review = partial(summaries.set_reviewed, session=session, principal=principal, pack=row)
        for summary_id in summary:
            review(summary_id=summary_id, reviewed=True, if_match=None)
    typer.echo(f"marked {len(summary)} summary(ies) reviewed")


@pack.command("release")
def pack_release(
    pack_id: int = typer.Argument(..., help="Pack id"),
    recipient: list[str] = typer.Option(..., "--recipient", help="Who receives it (repeat)"),
) -> None:
    """Release a fully reviewed pack (k-anonymity, figures, content hash); it is then fixed."""
    with unit_of_work() as session:
        principal, row = _as_coordinator(session, pack_id)
        releases.release_pack(
            session=session, caller=Caller(principal, settings()), pack=row, recipients=recipient
        )
        out = releases.pack_detail(session=session, principal=principal, pack=row)
    _print_detail(out)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


@pack.command("pdf")
def pack_pdf(
    pack_id: int = typer.Argument(..., help="Pack id"),
    out: Path = typer.Option(..., "--out", help="PDF file to write", dir_okay=False),
    recipient: str = typer.Option(..., "--recipient", help="Who the file is for"),
) -> None:
    """Write a released pack's PDF (owner-only file) and log the disclosure."""
    config = settings()
    with unit_of_work() as session:
        principal = access.pack_coordinator(session, pack_id)
        view = releases.released_document(session=session, principal=principal, pack_id=pack_id)
        pdf = PdfCache(config.data_dir / "pdf-cache").get_or_render(
            "scrutiny_pack", view, templates_dir=config.templates_dir
        )
        _write_private(out, pdf.pdf)
        releases.log_pdf(
            session=session,
            principal=principal,
            pack_id=pack_id,
            recipients=[recipient],
            detail={"sha256": pdf.sha256},
        )
    typer.echo(f"wrote {out} ({len(pdf.pdf)} bytes, sha256 {pdf.sha256})")


@scrutiny.command("stats")
def stats(
    panel: PanelId,
    start: str = typer.Option(..., "--from", help="First day (YYYY-MM-DD)"),
    end: str = typer.Option(..., "--to", help="Last day (YYYY-MM-DD)"),
    csv_out: bool = typer.Option(False, "--csv", help="CSV instead of JSON"),
) -> None:
    """Figures for a period after the 10-5 rule (the same the API gives the panel)."""
    with unit_of_work() as session:
        principal = access.command_line_coordinator(session, panel)
        out = figures.partnership_statistics(
            session=session,
            caller=Caller(principal, settings()),
            start=parse_date(start, "--from"),
            end=parse_date(end, "--to"),
        )
    if csv_out:
        typer.echo(figures.statistics_csv(out), nl=False)
    else:
        echo_json(out)


def register(app: typer.Typer) -> None:
    app.add_typer(scrutiny, name="scrutiny")
