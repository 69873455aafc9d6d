"""Timer offsets such as "6 weeks", "12 months", "2 working days", "-3 working days".

Pure date arithmetic: UK working days need the bank holiday calendar, which lives in
`riskpanel.risk.deadlines`; callers pass its `add_working_days` in, so this package never
reads a calendar. Without one, working days are Monday to Friday (fine for tests, wrong
around bank holidays).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_OFFSET = re.compile(
    r"^\s*(?P<amount>[-+]?\d+)\s+(?P<unit>working\s+days?|days?|weeks?|months?|hours?)\s*$"
)
MAX_AMOUNT = 1000  # "99999 months" is a typo, not a policy; refuse it at load time
WorkingDays = Callable[[date, int], date]


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # hours | days | weeks | months | working_days


def parse_offset(text: str) -> Offset:
    match = _OFFSET.match(text)
    if not match:
        raise ValueError(f"offset {text!r} is not like '6 weeks' or '2 working days'")
    amount = int(match.group("amount"))
    if abs(amount) > MAX_AMOUNT:
        raise ValueError(f"offset {text!r} is more than {MAX_AMOUNT} units")
    unit = re.sub(r"\s+", "_", match.group("unit"))
    return Offset(amount, unit if unit.endswith("s") else unit + "s")


def _add_months(moment: datetime, months: int) -> datetime:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


def add_weekdays(start: date, n: int) -> date:
    """`n` weekdays after `start` (before it when negative); `start` itself never counts."""
    step = 1 if n >= 0 else -1
    current, left = start, abs(n)
    while left:
        current += timedelta(days=step)
        if current.weekday() < 5:
            left -= 1
    return current


def compute_due(
    offset: Offset | str, anchor: datetime, working_days: WorkingDays | None = None
) -> datetime:
    """When a timer falls due. Working-day deadlines keep the anchor's time of day on the
    target date, so "2 working days" from Friday 10:00 is Tuesday 10:00."""
    if isinstance(offset, str):
        offset = parse_offset(offset)
    if offset.unit == "months":
        return _add_months(anchor, offset.amount)
    if offset.unit == "working_days":
        target = (working_days or add_weekdays)(anchor.date(), offset.amount)
        return anchor + timedelta(days=(target - anchor.date()).days)
    return anchor + timedelta(**{offset.unit: offset.amount})
