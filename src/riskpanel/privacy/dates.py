"""Dates of birth in the many ways case notes write them.

Only dates of birth are identifiers here: incident dates stay, because the panel's scrutiny
depends on them and the scrutiny pack generalises them to a month anyway. A date counts as a
date of birth when a cue says so ("DOB", "born on"), when it sits in brackets or after a comma
right behind a name ("SMITH, John (03/04/1987)"), or when it equals a known person's date of
birth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"

DATE = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"(?P<d1>\d{{1,2}})[/.\-](?P<m1>\d{{1,2}})[/.\-](?P<y1>\d{{4}}|\d{{2}})|"
    rf"(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})|"
    rf"(?P<d3>\d{{1,2}}){_ORD}(?:\s+of)?[\s\-]*(?P<m3>{_MONTH})\.?,?[\s\-]*(?P<y3>\d{{4}}|'?\d{{2}})|"
    rf"(?P<m4>{_MONTH})\.?\s+(?P<d4>\d{{1,2}}){_ORD},?\s+(?P<y4>\d{{4}})"
    rf")(?![\w/-])",
    re.IGNORECASE,
)
YEAR_OF_BIRTH = re.compile(r"\bborn\s+in\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE)

DOB_CUE = re.compile(
    r"(?:\bD\.?O\.?B\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bborn(?:\s+on)?|\bb\.|"
    r"\bbirthday(?:\s+is)?)\s*(?:is|was|of|on)?\s*[:\-\u2013]?\s*\(?\s*$",
    re.IGNORECASE,
)
#: What may sit between a name and its date of birth: "SMITH, John (03/04/1987)".
AFTER_NAME = re.compile(r"^\s*(?:\(|,|-|\u2013)\s*(?:aged\s+\d{1,3}\s*[,;]?\s*)?$", re.IGNORECASE)


def _year(raw: str) -> int:
    raw = raw.lstrip("'")
    value = int(raw)
    if len(raw) == 2:
        value += 1900 if value > 30 else 2000
    return value


def parse(m: re.Match[str]) -> tuple[int, int, int] | None:
    """Return (year, month, day) for a ``DATE`` match, or None if it is not a real date."""
    for n in "1234":
        if m.group(f"d{n}") is None:
            continue
        raw_month = m.group(f"m{n}")
        month = int(raw_month) if raw_month.isdigit() else _MONTHS[raw_month[:3].lower()]
        day, year = int(m.group(f"d{n}")), _year(m.group(f"y{n}"))
        try:
            date(year, month, day)
        except ValueError:
            return None
        return (year, month, day)
    return None  # pragma: no cover - one alternative always matches


def find_dates(text: str) -> Iterator[tuple[int, int, tuple[int, int, int] | None]]:
    """Yield (start, end, parsed) for every date-shaped run, real date or not."""
    for m in DATE.finditer(text):
        yield m.start(), m.end(), parse(m)


def years_of_birth(text: str) -> Iterator[tuple[int, int]]:
    """Spans of years given as a year of birth ("born in 1987")."""
    for m in YEAR_OF_BIRTH.finditer(text):
        yield m.span("y")


def has_dob_cue(text: str, start: int) -> bool:
    """True if the words just before ``start`` say that a date of birth follows."""
    return DOB_CUE.search(text, max(0, start - 40), start) is not None
