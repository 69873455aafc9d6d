"""The Victims' Code clock: due dates counted in UK working days from the report.

Hate crime victims have enhanced rights (key updates within 1 working day, a referral to
support within 2 working days unless they opt out). The working-day counts come from the
workflow file's ``support_referral_due`` and ``key_update_due`` timers when it sets them in
working days, so a panel changes policy in data, not code; the pure arithmetic (bank
holidays, weekends, local dates) is ``riskpanel.risk.deadlines``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from riskpanel.config import Settings
from riskpanel.risk import VictimsCodeRules, victims_code_deadlines
from riskpanel.workflow.offsets import parse_offset
from riskpanel.workflow.schema import WorkflowDef

SUPPORT = "support_referral_due"
KEY_UPDATE = "key_update_due"


def rules_for(settings: Settings, defn: WorkflowDef | None = None) -> VictimsCodeRules:
    values: dict[str, Any] = {
        "division": settings.bank_holiday_division,
        "timezone": settings.timezone,
    }
    for timer in defn.timers if defn else ():
        offset = parse_offset(timer.offset)
        if offset.unit != "working_days" or offset.amount < 0:
            continue
        if timer.kind == SUPPORT:
            values["support_referral_working_days"] = offset.amount
        elif timer.kind == KEY_UPDATE:
            values["key_update_working_days_enhanced"] = offset.amount
    return VictimsCodeRules(**values)


def end_of_day(day: date, tz: str) -> datetime:
    """The first instant after the due day, local time: a deadline is missed only once the
    whole day has passed."""
    start_next = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(tz))
    return start_next.astimezone(UTC)


def start_of_day(moment: datetime, tz: str) -> datetime:
    local = moment.astimezone(ZoneInfo(tz))
    return datetime.combine(local.date(), time(0, 0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def plan(
    *,
    reported_at: datetime,
    enhanced: bool,
    support_opt_out: bool,
    rules: VictimsCodeRules,
    category: str = "hate_crime",
) -> dict[str, Any]:
    """The Victims' Code record kept on a referral until screening: JSON-ready."""
    due = victims_code_deadlines(
        reported_at, enhanced, support_opted_out=support_opt_out, rules=rules
    )
    support, key = due["support_referral_due"], due["key_update_due"]
    notice = due["not_investigating_notice_due"]
    return {
        "applies": True,
        "enhanced_rights": enhanced,
        "category": category,
        "reported_at": reported_at.astimezone(UTC).isoformat(),
        "support_opt_out": support_opt_out,
        "support_referral_due": support.isoformat() if support else None,
        "support_referral_due_at": end_of_day(support, rules.timezone).isoformat()
        if support
        else None,
        "key_update_due": key.isoformat() if key else None,
        "key_update_due_at": end_of_day(key, rules.timezone).isoformat() if key else None,
        "not_investigating_notice_due": notice.isoformat() if notice else None,
    }


def not_applicable(reason: str) -> dict[str, Any]:
    return {"applies": False, "reason": reason}


def parse_at(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
