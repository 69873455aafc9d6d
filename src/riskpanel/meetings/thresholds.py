"""The meeting rules a panel may set (docs/DOMAIN.md section 5), with their defaults.

Every figure is a panel threshold, never a constant in code: panels meet fortnightly or
monthly, close referrals 7 or 10 days ahead, and give a case 12 or 15 minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.kit.errors import NotFound
from riskpanel.meetings import repository as repo
from riskpanel.models import Meeting, Panel
from riskpanel.risk.deadlines import add_working_days
from riskpanel.workflow.registry import get_workflows

# Names shared with the workflow file's ``thresholds`` (which override these defaults and
# are in turn overridden by the panel's own thresholds).
DEFAULTS: dict[str, int] = {
    "referral_cutoff_days": 10,
    "slot_minutes": 15,
    "opening_minutes": 10,
    "unfinished_actions_minutes": 10,
    "notice_slot_minutes": 2,
    "minutes_working_days": 3,
    "review_weeks": 6,
    "twelve_month_notice_months": 12,
}


def _workflow_thresholds(panel: Panel, settings: Settings) -> Mapping[str, Any]:
    try:
        return get_workflows(settings).get(panel.workflow_name).thresholds
    except NotFound:
        return {}


@dataclass(frozen=True)
class MeetingRules:
    referral_cutoff_days: int
    slot_minutes: int
    opening_minutes: int
    unfinished_actions_minutes: int
    notice_slot_minutes: int
    minutes_working_days: int
    review_weeks: int
    twelve_month_notice_months: int
    timezone: str
    division: str

    @classmethod
    def for_panel(
        cls, panel: Panel, settings: Settings, workflow_thresholds: Mapping[str, Any] | None = None
    ) -> MeetingRules:
        """Panel thresholds win over the workflow file's, which win over the defaults here;
        anything that is not a whole number is ignored."""
        if workflow_thresholds is None:
            workflow_thresholds = _workflow_thresholds(panel, settings)
        layers = [workflow_thresholds, panel.thresholds or {}]
        values = dict(DEFAULTS)
        for layer in layers:
            for key in DEFAULTS:
                value = layer.get(key)
                if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                    values[key] = value
        return cls(**values, timezone=settings.timezone, division=settings.bank_holiday_division)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, value: datetime) -> datetime:
        return value.astimezone(self.zone)

    def cutoff_for(self, starts_at: datetime) -> datetime:
        """Default referral cut-off: the same clock time ``referral_cutoff_days`` earlier."""
        return (self.local(starts_at) - timedelta(days=self.referral_cutoff_days)).astimezone(UTC)

    def minutes_due_on(self, starts_at: datetime) -> date:
        return add_working_days(
            self.local(starts_at).date(), self.minutes_working_days, self.division
        )

    def minutes_due_at(self, starts_at: datetime) -> datetime:
        """The end of the due day, local time: the timer fires once the whole day has passed."""
        day_after = self.minutes_due_on(starts_at) + timedelta(days=1)
        return datetime.combine(day_after, time(0, 0), tzinfo=self.zone).astimezone(UTC)


def rules_for(session: Session, meeting: Meeting, settings: Settings) -> MeetingRules:
    """The rules of the meeting's panel (its own thresholds over the workflow's defaults)."""
    return MeetingRules.for_panel(repo.panel_of(session, meeting), settings)
