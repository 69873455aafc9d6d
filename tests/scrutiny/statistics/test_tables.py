"""Scrutiny figures after the 10-5 rule: no small count published, none recoverable.

Property tests over random partnerships: every published cell is at least the threshold and
a multiple of the rounding base; in every group whose total is published, the hidden cells
are none, or at least two holding at least the threshold between them (so "total minus the
published cells" gives back neither a single cell nor a small number); rates exist only where
the counts they use are published.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from riskpanel.privacy.suppression import OVERLAP_NOTE
from riskpanel.scrutiny.facts import ActionFact, CaseFacts, HistoryFact, VictimsCodeFact
from riskpanel.scrutiny.statistics.tables import (
    TOTAL,
    RawTable,
    count,
    publish,
    publish_table,
    to_csv,
)

PROPS = settings(max_examples=150, deadline=None)
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


def _check_oneway(raw: RawTable, pub: Mapping[str, Any], threshold: int) -> None:
    rows = {r["label"]: r["cells"][0] for r in pub["rows"]}
    keys = list(raw.cells)
    if rows[f"{TOTAL} {raw.unit}"] is not None and not raw.overlapping:
        hidden = [rows[k] is None for k in keys]
        assert _safe_group([raw.cells[k] for k in keys], hidden, threshold), raw.key


def _check_crosstab(raw: RawTable, pub: Mapping[str, Any], threshold: int) -> None:
    grid = {r["label"]: r["cells"] for r in pub["rows"]}
    cols = list(raw.columns)
    row_keys = [r for r in grid if r != TOTAL]
    row_tot = {r: sum(raw.cells[(r, c)] for c in cols) for r in row_keys}
    col_tot = {c: sum(raw.cells[(r, c)] for r in row_keys) for c in cols}
    for r in row_keys:
        if grid[r][-1] is not None:
            values = [raw.cells[(r, c)] for c in cols]
            assert _safe_group(values, [v is None for v in grid[r][:-1]], threshold)
    for j, c in enumerate(cols):
        if grid[TOTAL][j] is not None:
            values = [raw.cells[(r, c)] for r in row_keys]
            assert _safe_group(values, [grid[r][j] is None for r in row_keys], threshold)
    if grid[TOTAL][-1] is not None:
        hidden_rows = [grid[r][-1] is None for r in row_keys]
        assert _safe_group([row_tot[r] for r in row_keys], hidden_rows, threshold)
        hidden_cols = [grid[TOTAL][j] is None for j in range(len(cols))]
        assert _safe_group([col_tot[c] for c in cols], hidden_cols, threshold)


def _check_rows(raw: RawTable, pub: Mapping[str, Any], threshold: int) -> None:
    for row in pub["rows"]:
        values = raw.cells[row["label"]]
        if row["cells"][-1] is not None:
            cells = [values.get(c, 0) for c in raw.columns]
            hidden = [v is None for v in row["cells"][:-1]]
            assert _safe_group(cells, hidden, threshold)


@PROPS
@given(cases=partnerships, threshold=st.sampled_from([5, 10]), rounding=st.sampled_from([1, 5]))
def test_published_counts_are_safe(cases: list[CaseFacts], threshold: int, rounding: int) -> None:
    for raw in count(cases):
        pub = publish_table(raw, threshold=threshold, rounding=rounding)
        for row in pub["rows"]:
            assert len(row["cells"]) == len(pub["columns"])
            assert all(_published_ok(v, threshold, rounding) for v in row["cells"]), raw.key
        check = {"oneway": _check_oneway, "crosstab": _check_crosstab, "rows": _check_rows}
        check[raw.shape](raw, pub, threshold)


@PROPS
@given(cases=partnerships)
def test_rates_only_from_published_counts(cases: list[CaseFacts]) -> None:
    stats = publish(cases, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), basis="t")
    assert _published_ok(stats["cases"], 10, 5)
    tables = {t["key"]: t for t in stats["tables"]}
    rates = {r["key"]: r["percent"] for r in stats["rates"]}
    repeat_rows = {r["label"]: r["cells"][0] for r in tables["repeats"]["rows"]}
    if repeat_rows.get("Repeat") is None or repeat_rows["Total cases"] is None:
        assert rates["repeat_rate"] is None
    else:
        assert rates["repeat_rate"] == round(
            100 * repeat_rows["Repeat"] / repeat_rows["Total cases"]
        )
    for rate in rates.values():
        assert rate is None or 0 <= rate <= 100


def test_strands_overlap_and_say_so() -> None:
    both = CaseFacts(1, "closed", T0, T0, strands=frozenset({"race", "religion"}))
    one = CaseFacts(2, "closed", T0, T0, strands=frozenset({"race"}))
    cases = [both] * 12 + [one] * 20
    stats = publish(cases, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31), basis="b")
    strands = next(t for t in stats["tables"] if t["key"] == "strands")
    rows = {r["label"]: r["cells"][0] for r in strands["rows"]}
    assert rows == {"Race": 30, "Religion or belief": 10, "Total cases": 30}
    assert OVERLAP_NOTE in strands["notes"] and OVERLAP_NOTE in stats["notes"]
    assert stats["cases"] == 30


def test_csv_marks_suppressed_cells_and_defuses_formulas() -> None:
    cases = [CaseFacts(i, "closed", T0, T0, strands=frozenset({"race"})) for i in range(23)]
    cases.append(CaseFacts(99, "closed", T0, T0, strands=frozenset({"disability"})))
    stats = publish(cases, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31), basis="b")
    stats["tables"][0]["rows"][0]["label"] = "=HYPERLINK(1)"
    rows = list(csv.reader(io.StringIO(to_csv(stats))))
    assert rows[0] == ["table", "row", "column", "value"]
    by_row = {(r[0], r[1]): r[3] for r in rows[1:]}
    assert by_row[("Cases by strand", "Disability")] == "[c]"
    assert by_row[("Cases by strand", "'=HYPERLINK(1)")] == "25"
    assert by_row[("Cases by strand", "Total cases")] == "25"
