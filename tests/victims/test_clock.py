"""Victims' Code deadlines in UK working days, counted from when the crime was reported."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from riskpanel.config import Settings
from riskpanel.risk import VictimsCodeRules
from riskpanel.victims.clock import end_of_day, plan, rules_for
from riskpanel.workflow import load_workflow
from tests.fixtures import World
from tests.referrals.helpers import incident, post_referral

RULES = VictimsCodeRules()


@pytest.mark.parametrize(
    ("reported", "key_update", "support"),
    [
        # Thursday before Easter 2026: Good Friday and Easter Monday are bank holidays
        (datetime(2026, 4, 2, 15, 0, tzinfo=UTC), date(2026, 4, 7), date(2026, 4, 8)),
        # Friday before the late May bank holiday weekend
        (datetime(2026, 5, 22, 11, 0, tzinfo=UTC), date(2026, 5, 26), date(2026, 5, 27)),
        # Christmas Eve 2026 (Thursday): Christmas Day and Boxing Day (substitute Mon 28)
        (datetime(2026, 12, 24, 9, 0, tzinfo=UTC), date(2026, 12, 29), date(2026, 12, 30)),
        # 23:30 UTC on Thursday 2 April is already Friday 3 April in London (BST)
        (datetime(2026, 4, 2, 23, 30, tzinfo=UTC), date(2026, 4, 7), date(2026, 4, 8)),
    ],
    ids=["easter", "late-may", "christmas", "local-date"],
)
def test_deadlines_skip_bank_holiday_weekends(
    reported: datetime, key_update: date, support: date
) -> None:
    due = plan(reported_at=reported, enhanced=True, support_opt_out=False, rules=RULES)
    assert due["key_update_due"] == key_update.isoformat()
    assert due["support_referral_due"] == support.isoformat()
    assert due["key_update_due_at"] == end_of_day(key_update, "Europe/London").isoformat()


def test_standard_rights_opt_out_and_day_ends() -> None:
    reported = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
    due = plan(reported_at=reported, enhanced=False, support_opt_out=True, rules=RULES)
    assert due["key_update_due"] == "2026-04-13"  # 5 working days after the Thursday
    assert due["support_referral_due"] is None and due["support_referral_due_at"] is None
    assert end_of_day(date(2026, 4, 7), "Europe/London") == datetime(2026, 4, 7, 23, 0, tzinfo=UTC)
    assert end_of_day(date(2026, 12, 29), "Europe/London") == datetime(
        2026, 12, 30, 0, 0, tzinfo=UTC
    )


def test_working_day_counts_come_from_the_workflow_file(settings: Settings) -> None:
    defn = load_workflow(settings.workflows_dir / "hate_crime_panel.yaml")
    rules = rules_for(settings, defn)
    assert rules.support_referral_working_days == 2
    assert rules.key_update_working_days_enhanced == 1
    assert rules.division == "england-and-wales"


def test_intake_counts_from_the_latest_crime_report(client: TestClient, world: World) -> None:
    r = post_referral(
        client,
        world,
        incidents=[
            incident(
                occurred_on="2026-03-30",
                reported_at="2026-03-31T10:00:00+01:00",
                strands=["religion"],
            ),
            incident(
                occurred_on="2026-04-02",
                reported_at="2026-04-02T16:00:00+01:00",
                strands=["religion"],
            ),
            incident(
                kind="non_crime_hate_incident",
                occurred_on="2026-04-20",
                reported_at="2026-04-20T09:00:00+01:00",
                strands=["religion"],
            ),
        ],
    )
    assert r.status_code == 201, r.text
    code = r.json()["victims_code"]
    assert code["applies"] is True and code["enhanced_rights"] is True
    assert code["reported_at"] == "2026-04-02T15:00:00+00:00"
    assert (code["key_update_due"], code["support_referral_due"]) == ("2026-04-07", "2026-04-08")
    assert code["not_investigating_notice_due"] == "2026-04-07"
