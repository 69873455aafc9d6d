"""`riskpanel render`: write a meeting's agenda, minutes or an agency's extract to a PDF file.

The operator's command line may render any meeting, so every file written is logged as a
disclosure (recipients and SHA-256), exactly as a download through the API is.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from time import perf_counter

import typer

from riskpanel.cli.common import CLI_PRINCIPAL, settings, unit_of_work
from riskpanel.documents import PdfCache
from riskpanel.meetings.documents import service as disclosure


class Document(StrEnum):
    AGENDA = "agenda"
    MINUTES = "minutes"
    EXTRACT = "extract"


def _write_private(path: Path, data: bytes) -> None:
    """Owner-only (0600): the file is OFFICIAL-SENSITIVE."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def render(
    document: Document = typer.Argument(..., help="agenda, minutes or extract"),
    meeting: int = typer.Option(..., "--meeting", help="Meeting id"),
    agency: int | None = typer.Option(None, "--agency", help="Agency id (for an extract)"),
    out: Path = typer.Option(..., "--out", help="PDF file to write", dir_okay=False),
) -> None:
    """Render a meeting document to a PDF file and log the disclosure."""
    if document == Document.EXTRACT and agency is None:
        raise typer.BadParameter("an extract needs --agency", param_hint="--agency")
    if not out.parent.is_dir():
        raise typer.BadParameter(f"{out.parent} is not a folder", param_hint="--out")
    config = settings()
    started = perf_counter()
    with unit_of_work() as session:
        prepared = disclosure.prepare(
            session=session,
            principal=None,
            meeting_id=meeting,
            document=document.value,
            settings=config,
            agency_id=agency,
        )
        pdf = PdfCache(config.data_dir / "pdf-cache").get_or_render(
            prepared.kind, prepared.view, templates_dir=config.templates_dir
        )
        _write_private(out, pdf.pdf)
        written = {"written_to": out.name}
        disclosure.record_disclosure(
            session=session, principal=CLI_PRINCIPAL, prepared=prepared, pdf=pdf, extra=written
        )
    typer.echo(
        f"wrote {out} ({len(pdf.pdf)} bytes, sha256 {pdf.sha256}) "
        f"in {perf_counter() - started:.2f}s"
    )


def register(app: typer.Typer) -> None:
    app.command("render")(render)
