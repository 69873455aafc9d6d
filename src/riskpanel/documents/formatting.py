"""Jinja filters that write dates, times and flags the way UK public bodies print them.

Kept in Python rather than in templates so every document formats alike and the formats are
unit-testable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time
from typing import Any

from riskpanel.documents.views import uk_date
from riskpanel.kit import vocabulary


def uk_time(value: time | datetime) -> str:
    return f"{value:%H:%M}"


def uk_datetime(value: datetime) -> str:
    return f"{uk_date(value.date())}, {uk_time(value)}"


def yes_no(value: bool | None) -> str:
    """Minutes record "confidentiality signed Y/N"; None reads as not applicable."""
    if value is None:
        return "N/A"
    return "Y" if value else "N"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def joined(values: Iterable[Any], separator: str = ", ") -> str:
    return separator.join(str(v) for v in values)


def label(value: str) -> str:
    """A code as the panel's words (``kit.vocabulary``): ``not_done_by_agency`` -> "Not done
    by agency", ``alternative_subculture`` -> "Alternative subculture"."""
    return vocabulary.words(value)


FILTERS: dict[str, Callable[..., str]] = {
    "uk_date": uk_date,
    "uk_time": uk_time,
    "uk_datetime": uk_datetime,
    "yes_no": yes_no,
    "duration": duration,
    "joined": joined,
    "label": label,
}
