"""UK working days and the Victims' Code deadlines that follow from a report.

Bank holidays come from the list shipped inside ``govuk-bank-holidays`` and never from the
network: deadline arithmetic must give the same answer on an offline server, in tests and on
every node, and must not stall a request on a download. The shipped list ends a few years
ahead; past its end only weekends are skipped and a warning is logged, so upgrade the package
before then.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache

from govuk_bank_holidays.bank_holidays import BankHolidays
from pydantic import BaseModel, ConfigDict, Field, field_validator

from riskpanel.risk.timeframes import DEFAULT_TIMEZONE, local_date

log = logging.getLogger(__name__)
DEFAULT_DIVISION = BankHolidays.ENGLAND_AND_WALES
_ONE_DAY = timedelta(days=1)
_warned: set[str] = set()


@cache
def _holidays(division: str) -> tuple[frozenset[date], date]:
    """The division's bank holidays and the last date the offline list covers."""
    if division not in BankHolidays.ALL_DIVISIONS:
        known = ", ".join(BankHolidays.ALL_DIVISIONS)
        raise ValueError(f"unknown bank holiday division {division!r}; use {known}")
    calendar = BankHolidays(use_cached_holidays=True)  # the bundled list: no network call
    dates = frozenset(h["date"] for h in calendar.get_holidays(division=division))
    return dates, max(dates)


def holidays_known_until(division: str = DEFAULT_DIVISION) -> date:
    return _holidays(division)[1]


def is_working_day(d: date, division: str = DEFAULT_DIVISION) -> bool:
    """Monday to Friday and not a bank holiday in the division."""
    holidays, known_until = _holidays(division)
    if d > known_until and division not in _warned:
        _warned.add(division)
        log.warning("bank holidays after %s are unknown; only weekends skipped", known_until)
    return d.weekday() < 5 and d not in holidays


def add_working_days(d: date, n: int, division: str = DEFAULT_DIVISION) -> date:
    """The date ``n`` working days after ``d`` (before it when ``n`` is negative).

    ``d`` itself never counts, so a report on a Friday before a bank holiday Monday with
    one working day to act is due on the Tuesday. ``n == 0`` returns ``d`` unchanged.
    """
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current, division):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, division: str = DEFAULT_DIVISION) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    sign = 1 if end >= start else -1
    lo, hi = (start, end) if sign == 1 else (end, start)
    count = 0
    current = lo
    while current < hi:
        current += _ONE_DAY
        count += is_working_day(current, division)
    return sign * count


class DayCount(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


class VictimsCodeRules(BaseModel):
    """Victims' Code 2021 time limits, as configurable data (defaults from the Code)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    support_referral_working_days: int = Field(2, ge=0)
    key_update_working_days_enhanced: int = Field(1, ge=0)
    key_update_working_days_standard: int = Field(5, ge=0)
    not_investigating_days: int = Field(5, ge=0)
    not_investigating_count: DayCount = DayCount.CALENDAR
    division: str = DEFAULT_DIVISION
    timezone: str = DEFAULT_TIMEZONE

    @field_validator("division")
    @classmethod
    def _known_division(cls, value: str) -> str:
        if value not in BankHolidays.ALL_DIVISIONS:
            raise ValueError(f"use one of {', '.join(BankHolidays.ALL_DIVISIONS)}")
        return value


def victims_code_deadlines(
    reported_at: datetime,
    enhanced: bool,
    *,
    support_opted_out: bool = False,
    rules: VictimsCodeRules | None = None,
) -> dict[str, date | None]:
    """Due dates counted from the day the crime was reported (its date in ``rules.timezone``;
    a naive ``reported_at`` is taken as UTC, as stored).

    Keys: ``support_referral_due`` (None when the victim opted out of a referral),
    ``key_update_due`` (shorter for victims with enhanced rights, as hate crime victims are)
    and ``not_investigating_notice_due``.
    """
    r = rules or VictimsCodeRules()
    day = local_date(reported_at, r.timezone)
    key_days = (
        r.key_update_working_days_enhanced if enhanced else r.key_update_working_days_standard
    )
    if r.not_investigating_count is DayCount.WORKING:
        not_investigating = add_working_days(day, r.not_investigating_days, r.division)
    else:
        not_investigating = day + timedelta(days=r.not_investigating_days)
    support = (
        None
        if support_opted_out
        else add_working_days(day, r.support_referral_working_days, r.division)
    )
    return {
        "support_referral_due": support,
        "key_update_due": add_working_days(day, key_days, r.division),
        "not_investigating_notice_due": not_investigating,
    }
