"""`riskpanel sar`: everything held about a person, redacted for third parties, for review."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from riskpanel.cli.common import CLI_PRINCIPAL, settings, unit_of_work
from riskpanel.subject_access.render import to_json, to_pdf
from riskpanel.subject_access.service import build_report


class Format(StrEnum):
    JSON = "json"
    PDF = "pdf"


def sar(
    person: int = typer.Option(..., "--person", help="The person's id"),
    fmt: Format = typer.Option(Format.JSON, "--format", help="json or pdf"),
    out: Path = typer.Option(..., "--out", help="File to write", dir_okay=False),
) -> None:
    """Write a subject access response (marked: for review before release)."""
    with unit_of_work() as session:
        report = build_report(session=session, principal=CLI_PRINCIPAL, person_id=person)
    if fmt is Format.PDF:
        out.write_bytes(to_pdf(report, templates_dir=settings().templates_dir))
    else:
        out.write_text(to_json(report), encoding="utf-8")
    typer.echo(
        f"wrote {out} ({len(report.cases)} case(s), {len(report.disclosures)} disclosure(s), "
        f"{report.redactions} redaction(s)); review before release"
    )


def register(app: typer.Typer) -> None:
    app.command("sar")(sar)
