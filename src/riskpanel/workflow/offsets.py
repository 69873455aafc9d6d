"""Timer offsets such as "6 weeks", "12 months", "2 working days", "-3 working days"."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_OFFSET = re.compile(r"^\s*(-?\d+)\s+(working\s+days?|days?|weeks?|months?|hours?)\s*$")
WorkingDays = Callable[[date, int], date]


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # hours | days | weeks | months | working_days


def parse_offset(text: str) -> Offset:
    match = _OFFSET.match(text)
    if not match:
        raise ValueError(f"offset {text!r} is not like '6 weeks' or '2 working days'")
    unit = re.sub(r"\s+", "_", match.group(2))
    unit = unit if unit.endswith("s") else unit + "s"
    return Offset(int(match.group(1)), unit)


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


def _weekdays(start: date, n: int) -> date:
    step = 1 if n >= 0 else -1
    current, left = start, abs(n)
    while left:
        current += timedelta(days=step)
        if current.weekday() < 5:
            left -= 1
    return current


def compute_due(
    offset: Offset, anchor: datetime, working_days: WorkingDays | None = None
) -> datetime:
    """Deadlines in working days keep the anchor's time of day on the target date."""
    if offset.unit == "months":
        return _add_months(anchor, offset.amount)
    if offset.unit == "working_days":
        target = (working_days or _weekdays)(anchor.date(), offset.amount)
        return anchor + timedelta(days=(target - anchor.date()).days)
    return anchor + timedelta(**{offset.unit: offset.amount})
