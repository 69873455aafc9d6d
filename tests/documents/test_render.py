"""The rendered PDFs say what the panel needs, on every page, in the right order."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import cast

import pytest
from documents_pdf import PdfPage, flat, read_pdf
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from riskpanel.documents import (
    AgencyExtractDocument,
    AgendaDocument,
    DocumentRenderError,
    render_html,
    render_pdf,
)
from riskpanel.documents.render import PDF_OPTIONS
from riskpanel.documents.samples import (
    CONFIDENTIALITY_STATEMENT,
    sample_actions,
    sample_agenda,
    sample_extract,
    sample_minutes,
    sample_scrutiny_pack,
)

MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 24 * MM, 22 * MM


@pytest.fixture(scope="module")
def long_agenda() -> AgendaDocument:
    return sample_agenda(50, reviews=3)


@pytest.fixture(scope="module")
def long_agenda_pages(long_agenda: AgendaDocument, templates_dir: Path) -> list[PdfPage]:
    return read_pdf(render_pdf("agenda", long_agenda, templates_dir=templates_dir))


def _long_extract() -> AgencyExtractDocument:
    """Forty cases with an action for every agency: Housing's extract runs over pages."""
    short = sample_extract("Housing")
    return AgencyExtractDocument.for_agency(
        meeting=short.meeting,
        confidentiality_statement=short.confidentiality_statement,
        agency_name="Housing",
        actions=[a for n in range(40) for a in sample_actions(f"HC-2025-{n:04d}", n, count=9)],
        coordinator=short.coordinator,
    )


@pytest.fixture(scope="module")
def all_documents(templates_dir: Path) -> dict[str, bytes]:
    views = {
        "agenda": sample_agenda(30),
        "minutes": sample_minutes(6),
        "agency_extract": _long_extract(),
        "scrutiny_pack": sample_scrutiny_pack(6),
    }
    return {
        kind: render_pdf(kind, view, templates_dir=templates_dir)  # type: ignore[arg-type]
        for kind, view in views.items()
    }


@pytest.mark.parametrize("kind", ["agenda", "minutes", "agency_extract", "scrutiny_pack"])
def test_every_page_is_marked_top_and_bottom(all_documents: dict[str, bytes], kind: str) -> None:
    pages = read_pdf(all_documents[kind])
    assert len(pages) >= 2, "the fixture should span pages so the margin boxes are exercised"
    for number, page in enumerate(pages, start=1):
        marks = [run.y for run in page.runs if "OFFICIAL-SENSITIVE" in run.text]
        assert any(y > page.height - TOP_MARGIN for y in marks), f"no top marking on {number}"
        assert any(y < BOTTOM_MARGIN for y in marks), f"no bottom marking on page {number}"


@pytest.mark.parametrize("kind", ["agenda", "minutes", "agency_extract", "scrutiny_pack"])
def test_every_page_has_page_x_of_y_and_the_running_title(
    all_documents: dict[str, bytes], kind: str
) -> None:
    pages = read_pdf(all_documents[kind])
    running = "1 January 2025 to 31 March 2025" if kind == "scrutiny_pack" else "4 March 2025"
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page.flat
        top = flat(" ".join(r.text for r in page.runs if r.y > page.height - TOP_MARGIN))
        assert "Hate Crime Risk Panel" in top and running in top, top


def test_page_x_of_y_counts_a_long_agenda(long_agenda_pages: list[PdfPage]) -> None:
    total = len(long_agenda_pages)
    assert total >= 4
    found = [re.findall(r"Page (\d+) of (\d+)", p.flat) for p in long_agenda_pages]
    assert found == [[(str(n), str(total))] for n in range(1, total + 1)]


def test_confidentiality_statement_is_on_the_first_page(
    long_agenda_pages: list[PdfPage],
) -> None:
    first = long_agenda_pages[0].flat
    assert "Confidentiality statement" in first
    for paragraph in CONFIDENTIALITY_STATEMENT.split("\n\n"):
        assert flat(paragraph) in first


def test_cases_with_children_come_first_in_the_callers_order(
    long_agenda: AgendaDocument, long_agenda_pages: list[PdfPage]
) -> None:
    assert not long_agenda.cases[0].children_in_household, "input must start adult-only"
    text = " ".join(p.flat for p in long_agenda_pages)
    body = text[text.index("4a. Cases with children in the household") :]
    printed = re.findall(r"HC-2025-\d{4}", body)
    expected = [c.case_ref for c in long_agenda.cases if c.children_in_household] + [
        c.case_ref for c in long_agenda.cases if not c.children_in_household
    ]
    assert printed == expected
    children_end = body.index("4b. Adult-only cases")
    for case in long_agenda.cases:
        assert (body.index(case.case_ref) < children_end) == case.children_in_household


def test_agenda_sections_follow_the_domain_order(long_agenda_pages: list[PdfPage]) -> None:
    text = " ".join(p.flat for p in long_agenda_pages)
    body = text[text.index("1. Introductions Everyone") :]
    headings = [
        "1. Introductions",
        "2. Confidentiality statement",
        "3. Unfinished actions from the last meeting",
        "4. New and repeat cases",
        "4a. Cases with children in the household",
        "4b. Adult-only cases",
        "5. Reviews due",
        "6. Cases 12 months past their last hearing",
        "7. Any other business",
    ]
    positions = [body.index(h) for h in headings]
    assert positions == sorted(positions)


def test_agenda_lists_initials_never_names(
    long_agenda: AgendaDocument, templates_dir: Path
) -> None:
    html = render_html("agenda", long_agenda, templates_dir=templates_dir)
    for case in long_agenda.cases:
        assert f"<td>{case.victim_initials}</td>" in html


def _toc_entries(pages: list[PdfPage]) -> dict[str, int]:
    """Case ref -> the page number printed beside it (same baseline) in the contents."""
    entries: dict[str, int] = {}
    for page in pages:
        for run in page.runs:
            found = re.fullmatch(
                r"4\.\d+ (HC-2025-\d{4}) \(\w+\)(?:, children in household)?", run.text
            )
            if not found:
                continue
            numbers = [r.text for r in page.runs if abs(r.y - run.y) < 1 and r.text.isdigit()]
            assert len(numbers) == 1, (run.text, numbers)
            entries[found[1]] = int(numbers[0])
    return entries


def test_long_agenda_has_a_table_of_contents_with_true_page_numbers(
    long_agenda: AgendaDocument, long_agenda_pages: list[PdfPage]
) -> None:
    assert "Contents" in long_agenda_pages[0].flat
    entries = _toc_entries(long_agenda_pages)
    assert sorted(entries) == sorted(c.case_ref for c in long_agenda.cases)
    for ref, page_number in entries.items():
        body_page = max(i for i, p in enumerate(long_agenda_pages, 1) if ref in p.flat)
        assert page_number == body_page, ref
    assert len(set(entries.values())) > 1, "the cases should spread over several pages"


def test_short_agenda_has_no_table_of_contents(templates_dir: Path) -> None:
    agenda = sample_agenda(6, reviews=2)
    assert not agenda.needs_toc
    pages = read_pdf(render_pdf("agenda", agenda, templates_dir=templates_dir))
    assert "Contents" not in " ".join(p.flat for p in pages)


def test_minutes_split_fact_opinion_and_review_outcomes(templates_dir: Path) -> None:
    minutes = sample_minutes(2)
    text = " ".join(
        p.flat for p in read_pdf(render_pdf("minutes", minutes, templates_dir=templates_dir))
    )
    for heading in (
        "Information shared: fact",
        "Information shared: opinion",
        "Information withheld",
        "Confidentiality statement signed (Y/N)",
        "Information sent by absent agencies",
        "Completed",
        "Not possible: circumstances changed",
        "Not done by the agency",
        "Minutes v2 · DRAFT",
    ):
        assert heading in text, heading


def test_approved_minutes_say_who_approved_and_when(templates_dir: Path) -> None:
    minutes = sample_minutes(1, approved=True)
    pages = read_pdf(render_pdf("minutes", minutes, templates_dir=templates_dir))
    assert all("Approved by chair on 6 March 2025" in p.flat for p in pages)
    assert "DRAFT" not in " ".join(p.flat for p in pages)


def test_agency_extract_holds_only_its_own_actions(templates_dir: Path) -> None:
    minutes = sample_minutes(6)
    every_action = [a for case in minutes.cases for a in case.actions]
    extract = sample_extract("Housing")
    text = " ".join(
        p.flat for p in read_pdf(render_pdf("agency_extract", extract, templates_dir=templates_dir))
    )
    own = [a for a in every_action if a.owner_agency == "Housing"]
    others = [a for a in every_action if a.owner_agency != "Housing"]
    assert own and others
    for action in own:
        assert action.action_ref in text and flat(action.description) in text
    for action in others:
        assert re.search(rf"\b{re.escape(action.action_ref)}\b", text) is None
        assert flat(action.description) not in text
    assert "panel.coordinator@example.gov.uk" in text


def test_scrutiny_pack_suppresses_cells_and_notes_strand_overlap(templates_dir: Path) -> None:
    pack = sample_scrutiny_pack(2)
    html = render_html("scrutiny_pack", pack, templates_dir=templates_dir)
    assert "<svg" in html and "<script" not in html
    text = " ".join(
        p.flat for p in read_pdf(render_pdf("scrutiny_pack", pack, templates_dir=templates_dir))
    )
    assert "[c]" in text
    assert flat(pack.strand_note) in text
    assert "Referrals by strand" in text and "Transgender identity" in text
    assert "Narrative (redacted)" in text


def test_pdf_metadata_title_language_and_tags(all_documents: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(all_documents["minutes"]))
    assert reader.metadata is not None
    assert reader.metadata.title == "Minutes v2: " + sample_minutes().meeting.running_title
    root = reader.root_object
    assert root["/Lang"] == "en-GB"
    if PDF_OPTIONS:
        assert "/StructTreeRoot" in root
        assert cast(DictionaryObject, root["/MarkInfo"].get_object())["/Marked"]


def test_same_view_renders_the_same_bytes(templates_dir: Path) -> None:
    view = sample_extract()
    assert render_pdf("agency_extract", view, templates_dir=templates_dir) == render_pdf(
        "agency_extract", view, templates_dir=templates_dir
    )


def test_wrong_view_or_kind_is_refused(templates_dir: Path) -> None:
    with pytest.raises(DocumentRenderError, match="needs a MinutesDocument"):
        render_pdf("minutes", sample_extract(), templates_dir=templates_dir)
    with pytest.raises(DocumentRenderError, match="unknown document kind"):
        render_html("memo", sample_extract(), templates_dir=templates_dir)  # type: ignore[arg-type]
