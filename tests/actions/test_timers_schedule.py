"""When an action's timers fall: working days, local time, nothing in the past."""

from __future__ import annotations

from datetime import date

from riskpanel.actions.timers import DUE, ESCALATION, OVERDUE, REMINDER, ActionRules, schedule
from riskpanel.risk.deadlines import add_working_days

RULES = ActionRules()


def test_a_full_schedule_counts_working_days_round_a_bank_holiday() -> None:
    now = RULES.at(date(2026, 12, 1), 12)
    plan = schedule(date(2026, 12, 30), RULES, now=now)
    assert plan[REMINDER] == RULES.at(date(2026, 12, 23), 9)  # 25 and 28 Dec are holidays
    assert plan[DUE] == RULES.at(date(2026, 12, 30), 9)
    assert plan[OVERDUE] == RULES.at(date(2026, 12, 31), 0)
    assert plan[ESCALATION] == RULES.at(date(2027, 1, 4), 9)  # 1 January is a holiday
    assert RULES.at(date(2026, 7, 1), 9).hour == 8  # 09:00 BST is 08:00 UTC


def test_a_short_deadline_skips_reminders_already_past() -> None:
    now = RULES.at(date(2026, 12, 1), 12)  # a Tuesday at noon
    plan = schedule(date(2026, 12, 1), RULES, now=now)
    assert set(plan) == {OVERDUE, ESCALATION}
    late = schedule(date(2026, 11, 20), RULES, now=now)  # already past due
    assert late[OVERDUE] == now
    assert late[ESCALATION] == RULES.at(add_working_days(date(2026, 12, 1), 2), 9)
