"""UK working days (offline bank holidays) and the Victims' Code deadlines."""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from riskpanel.risk import deadlines
from riskpanel.risk.deadlines import (
    DayCount,
    VictimsCodeRules,
    add_working_days,
    holidays_known_until,
    is_working_day,
    victims_code_deadlines,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")


def test_bank_holidays_load_without_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network used")

    import requests

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    deadlines._holidays.cache_clear()
    try:
        assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 1)
    finally:
        deadlines._holidays.cache_clear()
    assert holidays_known_until() >= date(2027, 12, 31)


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (date(2026, 8, 28), 1, date(2026, 9, 1), "Friday before August bank holiday -> Tuesday"),
        (date(2026, 12, 24), 1, date(2026, 12, 29), "Christmas Friday, Boxing Day Monday"),
        (date(2026, 12, 31), 1, date(2027, 1, 4), "New Year's Day Friday, then the weekend"),
        (date(2026, 12, 23), 3, date(2026, 12, 30), "over Christmas"),
        (date(2026, 12, 24), 4, date(2027, 1, 4), "over Christmas and New Year"),
        (date(2026, 4, 2), 1, date(2026, 4, 7), "Maundy Thursday over Easter"),
        (date(2026, 4, 2), 2, date(2026, 4, 8), "Easter plus one"),
        (date(2026, 5, 22), 1, date(2026, 5, 26), "spring bank holiday"),
        (date(2026, 6, 12), 1, date(2026, 6, 15), "ordinary weekend"),
        (date(2026, 6, 13), 1, date(2026, 6, 15), "from a Saturday"),
        (date(2026, 6, 10), 0, date(2026, 6, 10), "zero days"),
        (date(2026, 9, 1), -1, date(2026, 8, 28), "backwards over the bank holiday"),
    ],
)
def test_add_working_days(start: date, n: int, expected: date, why: str) -> None:
    assert add_working_days(start, n) == expected, why


def test_divisions_differ() -> None:
    # 2 January is a bank holiday in Scotland only (Saturday in 2027, so use 2026).
    assert is_working_day(date(2026, 1, 2))
    assert not is_working_day(date(2026, 1, 2), division="scotland")
    assert add_working_days(date(2026, 1, 1), 1, division="scotland") == date(2026, 1, 5)
    with pytest.raises(ValueError, match="unknown bank holiday division"):
        is_working_day(date(2026, 1, 2), division="wales")


def test_working_days_between() -> None:
    assert working_days_between(date(2026, 8, 28), date(2026, 9, 1)) == 1
    assert working_days_between(date(2026, 9, 1), date(2026, 8, 28)) == -1
    assert working_days_between(date(2026, 6, 10), date(2026, 6, 10)) == 0


def test_beyond_the_known_list_only_weekends_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    far = date(holidays_known_until().year + 3, 6, 5)
    while far.weekday() != 4:  # a Friday
        far = far.replace(day=far.day + 1)
    deadlines._warned.clear()
    assert add_working_days(far, 1) == far.replace(day=far.day + 3)
    assert "unknown" in caplog.text


def test_enhanced_victim_deadlines_over_a_bank_holiday() -> None:
    reported = datetime(2026, 8, 28, 16, 0, tzinfo=LONDON)
    due = victims_code_deadlines(reported, enhanced=True)
    assert due == {
        "support_referral_due": date(2026, 9, 2),
        "key_update_due": date(2026, 9, 1),
        "not_investigating_notice_due": date(2026, 9, 2),
    }


def test_standard_rights_and_opting_out() -> None:
    reported = datetime(2026, 8, 28, 16, 0, tzinfo=LONDON)
    due = victims_code_deadlines(reported, enhanced=False, support_opted_out=True)
    assert due["key_update_due"] == date(2026, 9, 7)
    assert due["support_referral_due"] is None


def test_date_boundary_is_london_not_utc() -> None:
    # 23:30 UTC on 31 March 2026 is 00:30 BST on Wednesday 1 April.
    due = victims_code_deadlines(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), enhanced=True)
    assert due["key_update_due"] == date(2026, 4, 2)
    assert due["support_referral_due"] == date(2026, 4, 7)  # Good Friday, Easter Monday
    naive_utc = victims_code_deadlines(datetime(2026, 3, 31, 23, 30), enhanced=True)
    assert naive_utc == due


def test_rules_are_configurable() -> None:
    rules = VictimsCodeRules(
        not_investigating_days=5,
        not_investigating_count=DayCount.WORKING,
        key_update_working_days_enhanced=2,
    )
    due = victims_code_deadlines(datetime(2026, 8, 28, 9, tzinfo=LONDON), True, rules=rules)
    assert due["not_investigating_notice_due"] == date(2026, 9, 7)
    assert due["key_update_due"] == date(2026, 9, 2)


def test_rules_refuse_an_unknown_division() -> None:
    with pytest.raises(ValueError, match="england-and-wales"):
        VictimsCodeRules(division="wales")
