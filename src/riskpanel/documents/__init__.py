"""Documents: agendas, minutes, agency extracts and scrutiny packs as PDF.

Rendering only. Callers build the view models (plain, frozen values, never database rows),
pass the templates folder they resolved from settings, and get bytes back. Web requests go
through :func:`render_pdf_async` or :meth:`PdfCache.get_or_render_async` (process pool);
the app's lifespan calls :func:`shutdown_pool`.
"""

from riskpanel.documents.cache import CachedPdf, PdfCache, cache_key, canonical_json
from riskpanel.documents.fetcher import FetchRefused, TemplatesOnlyFetcher
from riskpanel.documents.pool import render_pdf_async, render_pdf_sync, shutdown_pool
from riskpanel.documents.render import (
    DOCUMENT_KINDS,
    DocumentKind,
    DocumentRenderError,
    make_environment,
    render_html,
    render_pdf,
)
from riskpanel.documents.scrutiny_views import (
    Bar,
    BarChart,
    ComplianceCheck,
    Fact,
    IndicatorRow,
    ScrutinyAction,
    ScrutinyPackDocument,
    ScrutinySummary,
    StatRow,
    StatTable,
    TimelineEntry,
)
from riskpanel.documents.views import (
    AbsentAgencyInformation,
    ActionItem,
    AgencyExtractDocument,
    AgendaCase,
    AgendaDocument,
    Apology,
    Attendance,
    CarriedForwardAction,
    CoordinatorContact,
    MeetingDetails,
    MinutesCase,
    MinutesDocument,
    Observer,
    ReviewDue,
    SharedInformation,
    TwelveMonthNotice,
    UnfinishedAction,
    View,
)

__all__ = [
    "DOCUMENT_KINDS",
    "AbsentAgencyInformation",
    "ActionItem",
    "AgencyExtractDocument",
    "AgendaCase",
    "AgendaDocument",
    "Apology",
    "Attendance",
    "Bar",
    "BarChart",
    "CachedPdf",
    "CarriedForwardAction",
    "ComplianceCheck",
    "CoordinatorContact",
    "DocumentKind",
    "DocumentRenderError",
    "Fact",
    "FetchRefused",
    "IndicatorRow",
    "MeetingDetails",
    "MinutesCase",
    "MinutesDocument",
    "Observer",
    "PdfCache",
    "ReviewDue",
    "ScrutinyAction",
    "ScrutinyPackDocument",
    "ScrutinySummary",
    "SharedInformation",
    "StatRow",
    "StatTable",
    "TemplatesOnlyFetcher",
    "TimelineEntry",
    "TwelveMonthNotice",
    "UnfinishedAction",
    "View",
    "cache_key",
    "canonical_json",
    "make_environment",
    "render_html",
    "render_pdf",
    "render_pdf_async",
    "render_pdf_sync",
    "shutdown_pool",
]
