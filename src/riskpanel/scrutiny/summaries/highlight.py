"""A redacted text cut into plain pieces and removed spans, so a reviewer's page can mark
each label the redactor (or a person) put in.

The spans' offsets are into the redacted text and cover the label itself, so each piece is
a slice of the text as stored: nothing is reconstructed, and the page shows exactly what a
scrutiny member would read, with the removals highlighted by ``<mark>`` and named in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from riskpanel.scrutiny.summaries.schemas import ReviewSummaryOut, SpanOut

KIND_WORDS = {
    "person": "a person's name",
    "address": "an address",
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an email address",
    "date_of_birth": "a date of birth",
    "ni_number": "a National Insurance number",
    "collar_number": "a police collar number",
    "crime_ref": "a crime reference",
    "reference": "a reference number",
    "handle": "an online handle",
    "vehicle": "a vehicle registration",
    "school": "a school",
    "workplace": "a workplace",
    "place": "a place",
}


@dataclass(frozen=True)
class Piece:
    text: str
    span: SpanOut | None = None

    @property
    def removed_words(self) -> str:
        """What the highlight means, for people who cannot see the colour."""
        if self.span is None:
            return ""
        what = KIND_WORDS.get(self.span.kind, "text")
        who = "by you or another reviewer" if self.span.origin == "manual" else "automatically"
        return f"removed {what} ({who})"


def pieces(text: str, spans: Sequence[SpanOut], field: str) -> list[Piece]:
    """``text`` cut at the field's spans; an overlapping or out-of-range span is skipped."""
    out: list[Piece] = []
    pos = 0
    for span in sorted((s for s in spans if s.field == field), key=lambda s: s.start):
        if span.start < pos or span.end > len(text):
            continue
        if span.start > pos:
            out.append(Piece(text[pos : span.start]))
        out.append(Piece(text[span.start : span.end], span))
        pos = span.end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


def summary_pieces(summary: ReviewSummaryOut) -> dict[str, list[Piece]]:
    """The narrative and each action's text of one summary, keyed by the spans' field."""
    fields = {"narrative": summary.narrative}
    fields.update({f"action:{i}": a.text for i, a in enumerate(summary.actions)})
    return {name: pieces(text, summary.spans, name) for name, text in fields.items()}
