"""Scrutiny figures after the 10-5 rule: no small count published, none recoverable.

Property tests over random partnerships: every published cell is at least the threshold and
a multiple of the rounding base; in every row and column whose total is published, the
hidden cells are none, or at least two holding at least the threshold between them (so
"total minus the published cells" gives back neither a single cell nor a small number);
rates exist only where the counts they use are published. Across tables: test_linked.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from riskpanel.scrutiny.facts import ActionFact, CaseFacts, HistoryFact, VictimsCodeFact
from riskpanel.scrutiny.statistics.figures import publish as publish_figures
from riskpanel.scrutiny.statistics.grids import count_grids
from riskpanel.scrutiny.statistics.tables import TOTAL, RawTable, publish_table, to_csv

PROPS = settings(max_examples=60, deadline=None)
T0 = datetime(2025, 1, 6, 9, tzinfo=UTC)
STRANDS = ["race", "religion", "disability", "sexual_orientation", "transgender"]

actions = st.builds(
    ActionFact,
    agency_kind=st.sampled_from(["police", "housing", "health", "victim_support"]),
    progress=st.sampled_from(["completed", "open", "in_progress", "not_possible"]),
    review_outcome=st.sampled_from(
        [None, "completed", "not_done_by_agency", "not_possible_circumstances_changed"]
    ),
)
moments = st.integers(0, 96).map(lambda h: T0 + timedelta(hours=h))
victims_code = st.builds(
    VictimsCodeFact,
    applies=st.booleans(),
    opted_out=st.booleans(),
    support_due_at=st.sampled_from([None, T0 + timedelta(days=2)]),
    key_update_due_at=st.sampled_from([None, T0 + timedelta(days=1)]),
    support_referrals=st.lists(
        st.tuples(moments, st.sampled_from(["made", "declined"])), max_size=2
    ).map(tuple),
    updates=st.lists(moments, max_size=2).map(tuple),
    needs_assessed=st.booleans(),
)
levels = st.sampled_from([None, "standard", "medium", "high"])
endings = st.sampled_from(["close_after_window", "close", "close_no_action", "withdraw"])
facts = st.builds(
    CaseFacts,
    case_id=st.integers(1, 10**6),
    state=st.just("closed"),
    referred_at=st.just(T0),
    closed_at=st.just(T0 + timedelta(days=150)),
    strands=st.frozensets(st.sampled_from(STRANDS), min_size=1, max_size=3),
    route=st.sampled_from([None, "high_risk", "repeat", "escalation", "professional_judgement"]),
    risk_at_referral=levels,
    risk_at_closure=levels,
    referral_count=st.integers(1, 2),
    history=endings.map(lambda t: (HistoryFact(T0, "monitoring", "closed", t),)),
    actions=st.lists(actions, max_size=4).map(tuple),
    victims_code=victims_code,
)
partnerships = st.lists(facts, max_size=90)


def _safe_group(values: Sequence[int], hidden: Sequence[bool], threshold: int) -> bool:
    hid = [v for v, h in zip(values, hidden, strict=True) if h]
    return not hid or (len(hid) >= 2 and sum(hid) >= threshold)


def _published_ok(value: int | None, threshold: int, rounding: int) -> bool:
    return value is None or (value >= threshold and value % rounding == 0)


PERIOD = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


def _publish(cases: list[CaseFacts], **kw: Any) -> dict[str, Any]:
    return publish_figures(cases, [], basis="b", **PERIOD, **kw)


def _truth(cases: list[CaseFacts], threshold: int) -> dict[str, Any]:
    grids = count_grids(
        cases, start=PERIOD["period_start"], end=PERIOD["period_end"], threshold=threshold
    )
    return {g.key: g for g in grids}


@PROPS
@given(cases=partnerships, threshold=st.sampled_from([5, 10]), rounding=st.sampled_from([1, 5]))
def test_published_counts_are_safe(cases: list[CaseFacts], threshold: int, rounding: int) -> None:
    """Within each table: every shown count is big enough and rounded; every row and column
    whose total is shown hides nothing or at least two cells holding the threshold."""
    stats = _publish(cases, threshold=threshold, rounding=rounding)
    truth = _truth(cases, threshold)
    for t in stats["tables"]:
        g = truth[t["key"]]
        data = [c for c in t["columns"] if c != TOTAL]
        body = [r for r in t["rows"] if r["label"] in g.rows]
        for row in t["rows"]:
            assert len(row["cells"]) == len(t["columns"])
            assert all(_published_ok(v, threshold, rounding) for v in row["cells"]), t["key"]
        if TOTAL in t["columns"]:
            for r in body:
                if r["cells"][-1] is not None:
                    values = [g.cells[(r["label"], c)] for c in data]
                    assert _safe_group(values, [v is None for v in r["cells"][:-1]], threshold)
        if len(body) < len(t["rows"]) and t["rows"][-1]["cells"][0] is not None:
            values = [g.cells[(r["label"], data[0])] for r in body]
            assert _safe_group(values, [r["cells"][0] is None for r in body], threshold)


@PROPS
@given(cases=partnerships)
def test_rates_only_from_published_counts(cases: list[CaseFacts]) -> None:
    stats = _publish(cases)
    assert _published_ok(stats["cases"], 10, 5)
    actions = next(t for t in stats["tables"] if t["key"] == "actions")
    total = actions["rows"][-1]["cells"]
    rates = {r["key"]: r["percent"] for r in stats["rates"]}
    if total[0] is None or total[-1] is None:
        assert rates["action_completion"] is None
    else:
        assert rates["action_completion"] == round(100 * total[0] / total[-1])
    for rate in rates.values():
        assert rate is None or 0 <= rate <= 100


def test_strands_overlap_by_period_and_say_so() -> None:
    """Strand totals are the row totals of the strands-over-time table (one table, not two
    that could be played against each other); the periods are as fine as the volume fills."""
    both = CaseFacts(1, "closed", T0, T0, strands=frozenset({"race", "religion"}))
    one = CaseFacts(2, "closed", T0, T0, strands=frozenset({"race"}))
    cases = [both] * 12 + [one] * 20
    stats = _publish(cases)
    strands = next(t for t in stats["tables"] if t["key"] == "strands")
    assert strands["columns"] == ["Jan 2025 to Dec 2025", TOTAL]
    rows = {r["label"]: r["cells"] for r in strands["rows"]}
    assert rows == {"Race": [30, 30], "Religion or belief": [10, 10], TOTAL: [30, 30]}
    assert "several strands" in strands["notes"][0]
    assert stats["cases"] == 30
    many = [
        CaseFacts(
            i, "closed", T0, datetime(2025, 1 + i % 12, 10, tzinfo=UTC), strands=frozenset({"race"})
        )
        for i in range(200)
    ]
    quarters = next(t for t in _publish(many)["tables"] if t["key"] == "strands")
    assert quarters["columns"][:2] == ["Jan 2025 to Mar 2025", "Apr 2025 to Jun 2025"]
    assert quarters["title"] == "Cases by strand and quarter concluded"


def test_csv_marks_suppressed_cells_and_defuses_formulas() -> None:
    cases = [CaseFacts(i, "closed", T0, T0, strands=frozenset({"race"})) for i in range(23)]
    cases.append(CaseFacts(99, "closed", T0, T0, strands=frozenset({"disability"})))
    stats = _publish(cases)
    stats["tables"][0]["rows"][0]["label"] = "=HYPERLINK(1)"
    rows = list(csv.reader(io.StringIO(to_csv(stats))))
    assert rows[0] == ["table", "row", "column", "value"]
    by_row = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    title = "Cases by strand"
    assert by_row[(title, "Disability", TOTAL)] == "[c]"
    assert by_row[(title, "'=HYPERLINK(1)", TOTAL)] == "[c]"  # 23 of 24: with 1 hidden, both
    assert by_row[(title, TOTAL, TOTAL)] == "25"


answers = st.dictionaries(
    st.sampled_from(["Yes", "No", "Cannot tell"]), st.integers(0, 40), min_size=3, max_size=3
)


@PROPS
@given(rows=st.lists(answers, min_size=1, max_size=4))
def test_a_table_published_alone_is_safe(rows: list[dict[str, int]]) -> None:
    """Members' assessment counts are a table of their own (publish_table)."""
    raw = RawTable(
        "q",
        "Questions",
        "Question",
        "rows",
        {f"Q{i}": r for i, r in enumerate(rows)},
        columns=("Yes", "No", "Cannot tell"),
    )
    pub = publish_table(raw)
    for row in pub["rows"]:
        assert all(_published_ok(v, 10, 5) for v in row["cells"])
        if row["cells"][-1] is not None:
            values = [raw.cells[row["label"]][c] for c in raw.columns]
            assert _safe_group(values, [v is None for v in row["cells"][:-1]], 10)
