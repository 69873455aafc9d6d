"""The demo's documents in ./demo-output/: rendered and logged exactly as downloads are.

Each file is a disclosure (DPA 2018 s.62): the meeting documents are prepared for the
coordinator (the agenda and minutes go to the invited agencies, the extract to its agency),
the scrutiny pack for the scrutiny member, and each is audited with the SHA-256 of the bytes.
Files are owner-only: they are OFFICIAL-SENSITIVE like the real thing.

WeasyPrint layout is most of the demo's run time, so the four documents are prepared first,
then rendered side by side in the PDF process pool the web app uses, then written and logged.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from riskpanel.demo.context import Demo
from riskpanel.documents.cache import CachedPdf
from riskpanel.documents.pool import get_pool, shutdown_pool
from riskpanel.documents.render import DocumentKind, render_pdf
from riskpanel.documents.views import View
from riskpanel.meetings.documents import service as disclosure
from riskpanel.meetings.documents.service import Prepared, Requested
from riskpanel.models import Panel
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny import access
from riskpanel.scrutiny.access import audit, recipient_label
from riskpanel.scrutiny.packs.pdf import pack_document
from riskpanel.scrutiny.packs.projections import released_pack_out
from riskpanel.scrutiny.summaries.repository import summaries_of


@dataclass(frozen=True)
class Pending:
    kind: DocumentKind
    view: View
    filename: str
    log: Callable[[bytes, str], None]  # (pdf, file name) -> writes the disclosure


def write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _log_meeting(demo: Demo, prepared: Prepared, pdf: bytes, name: str) -> None:
    cached = CachedPdf(pdf, hashlib.sha256(pdf).hexdigest())
    disclosure.record_disclosure(
        session=demo.session,
        principal=demo.coordinator,
        prepared=prepared,
        pdf=cached,
        extra={"written_to": name},
    )


def meeting_document(
    demo: Demo, meeting_id: int, document: Requested, agency_id: int | None = None
) -> Pending:
    """Authorised and built as the download is; logged once the bytes exist."""
    prepared = disclosure.prepare(
        session=demo.session,
        principal=demo.coordinator,
        meeting_id=meeting_id,
        document=document,
        settings=demo.settings,
        agency_id=agency_id,
    )
    return Pending(
        prepared.kind, prepared.view, prepared.filename, partial(_log_meeting, demo, prepared)
    )


def scrutiny_pack(demo: Demo, pack_id: int) -> Pending:
    """The released pack as its scrutiny member downloads it."""
    member = demo.org.principals["scrutiny"]
    pack = access.get_pack(demo.session, member, pack_id)
    panel = demo.session.get(Panel, pack.panel_id)
    view = pack_document(
        released_pack_out(pack, summaries_of(demo.session, pack)),
        panel_name=panel.name if panel else "Panel",
    )

    def log(pdf: bytes, _name: str) -> None:
        audit(
            demo.session,
            member,
            AuditAction.DISCLOSURE,
            "scrutiny_pack",
            pack_id,
            recipients=[recipient_label(member)],
            detail={"format": "pdf", "sha256": hashlib.sha256(pdf).hexdigest(), "bytes": len(pdf)},
        )

    return Pending("scrutiny_pack", view, f"scrutiny-pack-{pack_id}.pdf", log)


def render_all(
    demo: Demo, pending: list[Pending], folder: Path, done: Callable[[], None]
) -> list[Path]:
    """Render in the pool's worker processes, then write and log each in order."""
    pool = get_pool()
    templates = demo.settings.templates_dir
    try:
        jobs = [pool.submit(render_pdf, p.kind, p.view, templates_dir=templates) for p in pending]
        paths = []
        for item, job in zip(pending, jobs, strict=True):
            pdf = job.result()
            path = folder / item.filename
            write_private(path, pdf)
            item.log(pdf, path.name)
            paths.append(path)
            done()
        return paths
    finally:
        shutdown_pool()
