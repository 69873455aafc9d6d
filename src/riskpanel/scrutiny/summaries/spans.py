"""Removed spans in a redacted text: where each label sits, and what it replaced.

Each span is kept as a plain dict (stored as JSON on the summary) with its offsets in the
*redacted* text (``start``/``end`` cover the label, so a reviewer's screen can highlight it),
its ``kind`` and ``label``, whether the redactor or a person removed it (``origin``), and its
offsets in the field's source text (``source``), so the coordinator can be shown exactly what
was taken out. Every edit is "replace this range with a label", which keeps the mapping
between the two texts exact after any number of edits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from riskpanel.privacy import RedactionResult
from riskpanel.privacy.people import phrase_regex

Span = dict[str, Any]
MANUAL_LABELS = {
    "person": "[PERSON]",
    "address": "[ADDRESS]",
    "postcode": "[POSTCODE]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "date_of_birth": "[DATE OF BIRTH]",
    "crime_ref": "[CRIME REF]",
    "reference": "[REFERENCE]",
    "handle": "[HANDLE]",
    "vehicle": "[VEHICLE]",
    "school": "[SCHOOL]",
    "workplace": "[WORKPLACE]",
    "place": "[PLACE]",
    "other": "[REDACTED]",
}


def from_result(result: RedactionResult) -> list[Span]:
    """The redactor's spans moved to redacted-text offsets, with their source offsets."""
    spans: list[Span] = []
    shift = 0
    for span, label in zip(result.spans, result.labels, strict=True):
        start = span.start + shift
        spans.append(
            {
                "start": start,
                "end": start + len(label),
                "kind": span.kind,
                "label": label,
                "origin": "auto",
                "source": [span.start, span.end],
            }
        )
        shift += len(label) - (span.end - span.start)
    return spans


def to_source(pos: int, spans: Sequence[Span]) -> int:
    """The source offset of a redacted-text position that is not inside a label."""
    shift = 0
    for s in spans:
        if s["end"] <= pos:
            src = s.get("source") or [s["start"], s["end"]]
            shift += (src[1] - src[0]) - (s["end"] - s["start"])
    return pos + shift


def _expand_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Never leave half a word behind: "Kowal" selected inside "Kowalski" takes it all."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def replace_range(
    text: str,
    spans: Sequence[Span],
    start: int,
    end: int,
    *,
    kind: str,
    label: str,
    origin: str,
    extra: dict[str, Any] | None = None,
) -> tuple[str, list[Span]]:
    """Replace ``text[start:end]`` (grown to whole words and to any label it touches)."""
    if not 0 <= start < end <= len(text):
        raise ValueError("the range is outside the text")
    start, end = _expand_to_words(text, start, end)
    touched = [s for s in spans if s["start"] < end and s["end"] > start]
    start = min([start, *(s["start"] for s in touched)])
    end = max([end, *(s["end"] for s in touched)])
    kept = [s for s in spans if s not in touched]
    source = [to_source(start, spans), to_source(end, spans)]
    delta = len(label) - (end - start)
    shifted = [
        {**s, "start": s["start"] + delta, "end": s["end"] + delta} if s["start"] >= end else s
        for s in kept
    ]
    new: Span = {
        "start": start,
        "end": start + len(label),
        "kind": kind,
        "label": label,
        "origin": origin,
        "source": source,
        **(extra or {}),
    }
    ordered = sorted([*shifted, new], key=lambda s: s["start"])
    return text[:start] + label + text[end:], ordered


def free_matches(
    text: str, spans: Sequence[Span], pattern: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Matches of ``pattern`` that do not touch a label already in the text."""
    found = []
    for m in pattern.finditer(text):
        if m.end() > m.start() and not any(
            s["start"] < m.end() and s["end"] > m.start() for s in spans
        ):
            found.append((m.start(), m.end()))
    return found


def replace_pattern(
    text: str,
    spans: Sequence[Span],
    pattern: re.Pattern[str],
    *,
    kind: str,
    label: str,
    origin: str,
    extra: dict[str, Any] | None = None,
) -> tuple[str, list[Span], int]:
    """Replace every free match of ``pattern``; returns the count replaced."""
    out, current = text, list(spans)
    count = 0
    for start, end in reversed(free_matches(text, spans, pattern)):
        out, current = replace_range(
            out, current, start, end, kind=kind, label=label, origin=origin, extra=extra
        )
        count += 1
    return out, current, count


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a reviewer types it, tolerant of case, diacritics, hyphens and spacing."""
    return re.compile(rf"(?<!\w)(?:{phrase_regex(phrase.strip())})(?!\w)", re.IGNORECASE)


def reference_pattern(value: str) -> re.Pattern[str] | None:
    """A reference or code in any spacing or punctuation: "HC-2026-000123", "HC 2026 000123"."""
    chars = [c for c in value if c.isalnum()]
    if len(chars) < 4:
        return None
    body = r"[\s/\-.]?".join(re.escape(c) for c in chars)
    return re.compile(rf"(?<![\w@]){body}(?!\w)", re.IGNORECASE)


def split(
    text: str, spans: Sequence[Span], separator: str, source_starts: Sequence[int]
) -> list[tuple[str, list[Span]]] | None:
    """Cut a combined redacted text back into its fields, offsets made field-relative.

    ``source_starts`` are where each field began in the combined source. None if the number
    of fields differs or a label crossed a cut (the caller then redacts fields one by one).
    """
    pieces = text.split(separator)
    if len(pieces) != len(source_starts):
        return None
    out: list[tuple[str, list[Span]]] = []
    offset = 0
    for piece, src_start in zip(pieces, source_starts, strict=True):
        end = offset + len(piece)
        inside = [
            {
                **s,
                "start": s["start"] - offset,
                "end": s["end"] - offset,
                "source": [s["source"][0] - src_start, s["source"][1] - src_start],
            }
            for s in spans
            if s["start"] >= offset and s["end"] <= end
        ]
        out.append((piece, inside))
        offset = end + len(separator)
    if sum(len(f[1]) for f in out) != len(spans):
        return None
    return out
