"""Print defects the panel reported: words split inside table cells, no contents list, overdue
actions not flagged, the chair named twice, no risk review, "Any other business" alone on the
agenda's last page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from documents_pdf import PdfPage, read_pdf

from riskpanel.documents import MeetingDetails, MinutesDocument, render_pdf
from riskpanel.documents.samples import (
    AGENCIES,
    REVIEW_NOTES,
    ROUTES,
    STRANDS,
    sample_agenda,
    sample_meeting,
    sample_minutes,
    sample_scrutiny_pack,
)
from riskpanel.documents.views import REVIEW_OUTCOME_LABELS

# Every label the documents print in a table cell: statuses, outcomes, levels, strands,
# routes, agencies and the panel's review notes.
VOCABULARY = (
    "Acknowledged In progress Completed Not possible Open Overdue Standard Medium High "
    + " ".join(REVIEW_OUTCOME_LABELS.values())
    + " ".join((*STRANDS, *ROUTES, *AGENCIES, *REVIEW_NOTES))
)
LONG_WORDS = sorted({w for w in re.findall(r"[A-Za-z]{6,}", VOCABULARY)})


def _minutes() -> MinutesDocument:
    """Five cases, chaired by someone whose name already says "(Chair)", as in the demo."""
    minutes = sample_minutes(5)
    meeting = minutes.meeting.model_dump() | {"chair": "Chief Inspector Morgan (Chair), Chair"}
    return minutes.model_copy(update={"meeting": MeetingDetails.model_validate(meeting)})


@pytest.fixture(scope="module")
def documents(templates_dir: Path) -> dict[str, list[PdfPage]]:
    agenda = sample_agenda(19, reviews=2)
    return {
        "agenda": read_pdf(render_pdf("agenda", agenda, templates_dir=templates_dir)),
        "minutes": read_pdf(render_pdf("minutes", _minutes(), templates_dir=templates_dir)),
        "scrutiny_pack": read_pdf(
            render_pdf("scrutiny_pack", sample_scrutiny_pack(4), templates_dir=templates_dir)
        ),
    }


def _text(pages: list[PdfPage]) -> str:
    return " ".join(page.text for page in pages)


def split_words(text: str) -> list[str]:
    """Vocabulary words printed with a line break (or space) inside them: "Acknowl edged"."""
    found = []
    for word in LONG_WORDS:
        for cut in range(1, len(word)):
            if re.search(rf"\b{word[:cut]}-?\s+{word[cut:]}\b", text):
                found.append(f"{word[:cut]} {word[cut:]}")
    return found


def test_the_split_word_check_finds_a_split_word() -> None:
    assert split_words("Status\nAcknowl\nedged and Confirme d") == ["Acknowl edged", "Confirme d"]
    assert split_words("Acknowledged. Confirmed at review.") == []


@pytest.mark.parametrize("kind", ["agenda", "minutes", "scrutiny_pack"])
def test_no_label_word_is_split_inside_a_cell(
    documents: dict[str, list[PdfPage]], kind: str
) -> None:
    text = _text(documents[kind])
    assert split_words(text) == []
    if kind == "agenda":
        assert text.count("Acknowledged") >= 1
    if kind == "minutes":
        for note in REVIEW_NOTES:
            assert note in " ".join(p.flat for p in documents[kind]), note


def _contents(pages: list[PdfPage], entry: str) -> dict[str, int]:
    """Contents entry -> the page number printed on its line (a heading in the body has the
    same words but no number beside it)."""
    found: dict[str, int] = {}
    for page in pages:
        for run in page.runs:
            if re.fullmatch(entry, run.text):
                numbers = [r.text for r in page.runs if abs(r.y - run.y) < 1 and r.text.isdigit()]
                if numbers:
                    assert run.text not in found and len(numbers) == 1, (run.text, numbers)
                    found[run.text] = int(numbers[0])
    return found


def _page_of(pages: list[PdfPage], heading: str) -> int:
    """The page where a heading is printed in the body (the contents is on page 1)."""
    return next(n for n, p in enumerate(pages, 1) if n > 1 and heading in p.flat)


@pytest.mark.parametrize(
    ("kind", "entry", "count"),
    [
        ("minutes", r"2\.\d+ HC-2025-\d{4} \([A-Z]+\)", 5),
        ("scrutiny_pack", r"2\.\d+ Case C\d\d", 4),
    ],
)
def test_contents_list_every_case_with_its_page(
    documents: dict[str, list[PdfPage]], kind: str, entry: str, count: int
) -> None:
    pages = documents[kind]
    assert "Contents" in pages[0].flat
    entries = _contents(pages, entry)
    assert len(entries) == count
    for heading, page_number in entries.items():
        assert page_number == _page_of(pages, heading), heading
    assert len(set(entries.values())) > 1, "the cases should spread over several pages"


def test_agenda_marks_overdue_unfinished_actions_in_words(
    documents: dict[str, list[PdfPage]],
) -> None:
    agenda = sample_agenda(19, reviews=2)
    overdue = [a.action_ref for a in agenda.unfinished_actions if a.overdue]
    on_time = [a.action_ref for a in agenda.unfinished_actions if not a.overdue]
    assert overdue and on_time
    text = " ".join(p.flat for p in documents["agenda"])
    text = text[text.index("1. Introductions Everyone") :]  # the body, not the contents
    section = text[text.index("3. Unfinished actions") : text.index("4. New and repeat cases")]
    assert f"Overdue {len(overdue)} of 3 past their due date: {', '.join(overdue)}." in section
    rows = re.split(r"(?=A-20\d )", section)
    for row in rows[1:]:
        assert ("Overdue" in row) == (row.split()[0] in overdue), row


@pytest.mark.parametrize(
    "chair",
    [
        "Chief Inspector Morgan (Chair), Chair",
        "Chief Inspector Morgan (Chair)",
        "Chief Inspector Morgan, chair",
        "Chief Inspector Morgan",
    ],
)
def test_the_chair_is_named_once(chair: str) -> None:
    meeting = sample_meeting().model_copy(update={"chair": chair})
    assert MeetingDetails.model_validate(meeting.model_dump()).chair == "Chief Inspector Morgan"


def test_minutes_print_the_chair_once_and_a_risk_review_per_case(
    documents: dict[str, list[PdfPage]],
) -> None:
    text = " ".join(p.flat for p in documents["minutes"])
    assert "Chair Chief Inspector Morgan Version" in text
    assert "(Chair)" not in text and "Morgan, Chair" not in text
    assert text.count("Risk review At referral At this hearing Now") == 5
    assert "High High Medium The panel judged that the risk has fallen since referral." in text
    assert "High High High The panel judged that the risk has not yet fallen" in text


def test_any_other_business_never_stands_alone_on_the_last_page(
    documents: dict[str, list[PdfPage]],
) -> None:
    """19 cases put item 7 alone on page 4 before it was kept with the item before it."""
    last = documents["agenda"][-1].flat
    assert "7. Any other business" in last
    assert "6. Cases 12 months past their last hearing" in last or "HC-20" in last
