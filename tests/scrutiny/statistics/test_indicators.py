"""The inspection's findings as figures: numerators and denominators counted from the rows
the test built, then published under the 10-5 rule with secondary suppression and a reason
for every hidden figure, in the JSON, the CSV, the web page and the PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import Action, ActionUpdate, Case, Referral
from riskpanel.scrutiny.repository import concluded_cases, load_facts
from riskpanel.scrutiny.statistics.indicators import (
    INDICATORS,
    count_indicators,
    publish_indicator,
)
from tests.documents.documents_pdf import read_pdf
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import PERIOD, ScrutinyFactory
from tests.web.helpers import Browser, text

BY_KEY = {i.key: i for i in INDICATORS}


def _publish(key: str, num: int, den: int) -> dict[str, object]:
    """As the linked suppression decides it for an indicator with no table beside it."""
    return publish_indicator(
        BY_KEY[key],
        num,
        den,
        num_hidden=min(num, den - num) < 10,
        den_hidden=den < 10,
        threshold=10,
        rounding=5,
    )


def test_the_10_5_rule_and_its_secondary_suppression() -> None:
    small = _publish("updates_on_time", 5, 9)
    assert small["numerator"] is None and small["denominator"] is None
    assert small["shown"] == "[c]" and small["suppressed"] == "fewer than 10 cases"
    few = _publish("updates_on_time", 4, 40)  # 4 of 40: the percentage would give 4 away
    assert few["numerator"] is None and few["percent"] is None and few["denominator"] == 40
    # ... so it is a bound that holds for any count under 10 of a true 38 to 42: 9/38 < 24%
    assert few["shown"] == "at most 24% (fewer than 10 met it, of about 40)"
    assert few["bound"] == "at most 24%" and "bound" in str(few["suppressed"])
    nearly_all = _publish("updates_on_time", 37, 40)  # the complement, 3, is as small
    assert nearly_all["numerator"] is None and nearly_all["bound"] == "at least 76%"
    shown = _publish("updates_on_time", 12, 24)
    assert (shown["numerator"], shown["denominator"], shown["percent"]) == (10, 25, 40)
    assert shown["shown"] == "40% (about 10 of 25)" and shown["suppressed"] is None
    median = _publish("referral_to_hearing", 21, 13)
    assert median["shown"] == "median 21 days (about 15 cases heard)"


def _mark_screening(session: Session, case_ids: list[int], corrected: int) -> None:
    referrals = session.exec(
        select(Referral).where(col(Referral.case_id).in_(case_ids)).order_by(col(Referral.id))
    ).all()
    for i, r in enumerate(referrals):
        changes = (
            [{"incident_id": 1, "from": ["race"], "to": ["religion"]}] if i < corrected else []
        )
        r.flags_decided_at = r.received_at + timedelta(days=1)
        r.flag_check = {"decision": {"changes": changes}}
        session.add(r)


def _complete_on_time(session: Session, case_ids: list[int], n: int) -> int:
    actions = session.exec(
        select(Action).where(col(Action.case_id).in_(case_ids)).order_by(col(Action.id))
    ).all()
    for a in actions[:n]:
        done = datetime(a.due_on.year, a.due_on.month, a.due_on.day, 9, tzinfo=UTC)
        session.add(ActionUpdate(action_id=a.id or 0, progress="completed", at=done))
    return len(actions)


@pytest.fixture
def built(session: Session, world: World) -> dict[str, tuple[int, int]]:
    """24 closed cases in the period (12 with support in time, 3 repeats), 3 the year
    before; 10 referrals screened, 4 of them with their strands corrected."""
    factory = ScrutinyFactory(session, world, seed=91)
    made = [
        factory.closed_case(support_in_time=i % 2 == 0, repeat=i < 3, referred_on=None)
        for i in range(24)
    ]
    for day in (date(2024, 6, 1), date(2024, 7, 1), date(2024, 8, 1)):
        factory.closed_case(closed_on=day)
    ids = [m.case_id for m in made]
    _mark_screening(session, ids[:10], corrected=4)
    actions = _complete_on_time(session, ids, 11)
    session.commit()
    return {
        "strand_corrected": (4, 10),
        "victim_record_complete": (24, 24),
        "updates_on_time": (24, 24),
        "support_within_two_days": (12, 24),
        "repeat_within_12_months": (3, 24),
        "referral_to_hearing": (20, 24),  # every factory case is heard on day 20
        "actions_by_due_date": (11, actions),
    }


def test_numerators_and_denominators_match_the_rows_built(
    session: Session, world: World, built: dict[str, tuple[int, int]]
) -> None:
    cases = concluded_cases(
        session, panel_id=world.panel.id or 0, start=PERIOD[0], end=PERIOD[1], tz="Europe/London"
    )
    facts = load_facts(session, cases, area="Testshire")
    assert count_indicators(facts) == built
    assert {c.id for c in cases} <= {c.id for c in session.exec(select(Case)).all()}


def test_every_view_gives_the_indicators_and_says_what_was_hidden(
    client: TestClient,
    browser: type[Browser],
    world: World,
    built: dict[str, tuple[int, int]],
) -> None:
    pack = flow.released_pack(client, world, sample_size=5)
    member = world.headers("scrutiny")
    stats = client.get(f"{flow.BASE}/packs/{pack['id']}/statistics", headers=member).json()
    assert stats["previous_period_start"] == "2024-01-01"
    assert stats["previous_period_end"] == "2024-12-31"
    got = {i["key"]: i for i in stats["indicators"]}
    assert list(got) == [i.key for i in INDICATORS]
    support = got["support_within_two_days"]["current"]
    assert (support["numerator"], support["denominator"], support["percent"]) == (10, 25, 40)
    corrected = got["strand_corrected"]["current"]
    assert corrected["shown"] == "at most 90% (fewer than 10 met it, of about 10)"
    assert corrected["numerator"] is None and corrected["suppressed"]
    assert got["referral_to_hearing"]["current"]["median_days"] == 20
    for i in got.values():  # three cases the year before: every figure hidden, with a reason
        assert i["previous"]["shown"] == "[c]" and i["previous"]["suppressed"]
    csv = client.get(f"{flow.BASE}/packs/{pack['id']}/statistics.csv", headers=member).text
    assert (
        "Indicators,Support referral within two working days,This period,40% (about 10 of 25)"
        in csv
    )
    pdf = client.get(f"{flow.BASE}/packs/{pack['id']}/pack.pdf", headers=member)
    pdf_text = " ".join(p.flat for p in read_pdf(pdf.content))
    web = text(browser("scrutiny").get(f"/scrutiny/packs/{pack['id']}").text)
    for view in (web, pdf_text):
        assert "40% (about 10 of 25)" in view and "median 20 days (about 25 cases heard)" in view
        assert "What was suppressed and why" in view
