"""Calendar arithmetic shared by routes and deadlines.

Timestamps are stored in UTC but panels count days as people in England do, so every
timestamp is turned into a Europe/London calendar date before any window is applied: an
incident at 00:30 BST on 1 April happened on 1 April, although it is still 31 March in UTC.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/London"


def local_date(value: date | datetime, tz: str = DEFAULT_TIMEZONE) -> date:
    """The calendar date of ``value`` in ``tz``; naive datetimes are taken as UTC (as stored)."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(ZoneInfo(tz)).date()
    return value


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later (or earlier); clamped to the month's end (29 Feb -> 28 Feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))
