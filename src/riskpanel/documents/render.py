"""Render a document view to HTML (Jinja2) and to PDF (WeasyPrint).

The two safety rules of docs/ARCHITECTURE.md "Documents" are enforced here, not left to templates:
autoescape is on for every template suffix and undefined names are errors (a misspelt field
fails loudly instead of printing an empty cell in a document the panel relies on); and
WeasyPrint can read only files under ``templates_dir`` (see :mod:`.fetcher`).
The caller resolves ``templates_dir`` (settings); nothing here guesses a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint.urls import FatalURLFetchingError

from riskpanel.documents.charts import layout_bar_chart
from riskpanel.documents.fetcher import TemplatesOnlyFetcher
from riskpanel.documents.formatting import FILTERS
from riskpanel.documents.scrutiny_views import ScrutinyPackDocument
from riskpanel.documents.views import (
    REVIEW_OUTCOME_LABELS,
    AgencyExtractDocument,
    AgendaDocument,
    MinutesDocument,
    View,
)
from riskpanel.kit.errors import RiskPanelError

DocumentKind = Literal["agenda", "minutes", "agency_extract", "scrutiny_pack"]
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)

# Every suffix a document template may use; anything else is escaped too (default=True).
AUTOESCAPE_SUFFIXES = ("html", "htm", "xml", "svg", "j2", "jinja", "jinja2")


class DocumentRenderError(RiskPanelError):
    """A document could not be produced; the detail never contains case content."""

    status = 500
    slug = "document-render-error"
    title = "Document could not be rendered"


@dataclass(frozen=True)
class DocumentSpec:
    template: str
    view_type: type[View]
    title: str


DOCUMENTS: dict[str, DocumentSpec] = {
    "agenda": DocumentSpec("agenda.html", AgendaDocument, "Agenda"),
    "minutes": DocumentSpec("minutes.html", MinutesDocument, "Minutes"),
    "agency_extract": DocumentSpec("agency_extract.html", AgencyExtractDocument, "Agency actions"),
    "scrutiny_pack": DocumentSpec("scrutiny_pack.html", ScrutinyPackDocument, "Scrutiny pack"),
}


def _pdf_options() -> dict[str, Any]:
    """Ask for a tagged PDF/UA-1 file (structure tree, /Lang, title shown) where supported.

    WeasyPrint 70 lists "pdf/ua-1" in ``weasyprint.pdf.VARIANTS``. An older WeasyPrint without
    it still gets a tagged PDF through ``pdf_tags`` if that option exists, else plain PDF:
    accessibility degrades, rendering does not fail.
    """
    variants = getattr(getattr(weasyprint, "pdf", None), "VARIANTS", {})
    if "pdf/ua-1" in variants:
        return {"pdf_variant": "pdf/ua-1"}
    if "pdf_tags" in getattr(weasyprint, "DEFAULT_OPTIONS", {}):
        return {"pdf_tags": True}
    return {}


PDF_OPTIONS = _pdf_options()


@lru_cache(maxsize=8)
def _environment(root: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(root),
        autoescape=select_autoescape(
            enabled_extensions=AUTOESCAPE_SUFFIXES, default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals["layout_bar_chart"] = layout_bar_chart
    env.globals["review_outcome_labels"] = REVIEW_OUTCOME_LABELS
    return env


def make_environment(templates_dir: Path) -> Environment:
    """The shared Jinja2 environment for one templates folder (cached per folder)."""
    return _environment(templates_dir.resolve(strict=True))


def document_spec(kind: str, view: View) -> DocumentSpec:
    """Check that ``view`` is the model ``kind`` expects, so a template gets what it assumes."""
    spec = DOCUMENTS.get(kind)
    if spec is None:
        raise DocumentRenderError(f"unknown document kind {kind!r}; one of {DOCUMENT_KINDS}")
    if not isinstance(view, spec.view_type):
        raise DocumentRenderError(
            f"a {kind} needs a {spec.view_type.__name__}, not {type(view).__name__}"
        )
    return spec


def render_html(kind: DocumentKind, view: View, *, templates_dir: Path) -> str:
    """Render the HTML for a document (also what the web preview shows)."""
    spec = document_spec(kind, view)
    template = make_environment(templates_dir).get_template(spec.template)
    return template.render(view=view, kind=kind, document_title=spec.title)


def html_to_pdf(html: str, *, templates_dir: Path) -> bytes:
    """Lay out already rendered HTML with the locked-down fetcher."""
    fetcher = TemplatesOnlyFetcher(templates_dir)
    try:
        document = weasyprint.HTML(
            string=html, base_url=fetcher.root.as_uri() + "/", url_fetcher=fetcher
        )
        pdf = document.write_pdf(**PDF_OPTIONS)
    except FatalURLFetchingError as exc:
        raise DocumentRenderError(
            f"the document tried to load {len(fetcher.refused)} resource(s) from outside the "
            "templates folder; nothing was fetched"
        ) from exc
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf() returns bytes without target
        raise DocumentRenderError("WeasyPrint returned no PDF")
    return pdf


def render_pdf(kind: DocumentKind, view: View, *, templates_dir: Path) -> bytes:
    """Render a document to PDF bytes. CPU-bound: web requests use :mod:`.pool` instead."""
    return html_to_pdf(
        render_html(kind, view, templates_dir=templates_dir), templates_dir=templates_dir
    )
