"""Reading rendered PDFs back for assertions: page text plus where each run of text sits.

A module of its own (not conftest) so tests can import the helpers by a name no other
test folder uses.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class Placed:
    """A run of text and its height on the page (PDF points from the bottom)."""

    text: str
    y: float


@dataclass(frozen=True)
class PdfPage:
    text: str
    height: float
    runs: tuple[Placed, ...]

    @property
    def flat(self) -> str:
        """Text with every run of whitespace as one space (lines wrap anywhere)."""
        return flat(self.text)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_pdf(pdf: bytes) -> list[PdfPage]:
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[Placed] = []

        def visit(
            text: str, cm: list[float], tm: list[float], *_: object, runs: list[Placed] = runs
        ) -> None:
            if text.strip():
                runs.append(Placed(text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

        text = page.extract_text(visitor_text=visit)
        pages.append(PdfPage(text, float(page.mediabox.height), tuple(runs)))
    return pages
