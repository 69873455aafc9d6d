"""bench/profile_pages.py's one-line plan summary, on a plan as PostgreSQL prints it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"

PLAN = """Aggregate (actual time=35.758..35.764 rows=1 loops=1)
  Buffers: shared hit=267 read=3
  ->  Hash Join (actual time=1.770..35.584 rows=3884 loops=1)
        Hash Cond: (action.case_id = case_file.id)
        Buffers: shared hit=264 read=3
    -> Index Only Scan using ix_action_open_due on action (actual time=0..12 rows=41676 loops=1)
              Buffers: shared hit=237
        ->  Hash (actual time=1.696..1.699 rows=10000 loops=1)
      -> Index Only Scan using ix_case_panel_live on case_file (actual time=0..1 rows=10000 loops=1)
Planning:
  Buffers: shared hit=170
Planning Time: 0.750 ms
Execution Time: 35.888 ms"""

EMPTY = """Seq Scan on risk_assessment (actual time=0.004..0.004 rows=0 loops=1)
  Filter: (case_id = 7)
Planning:
  Buffers: shared hit=71
Planning Time: 0.100 ms
Execution Time: 0.015 ms"""


def summary(plan: str) -> str:
    sys.path.insert(0, str(BENCH))
    try:
        return str(importlib.import_module("profile_pages").plan_summary(plan))
    finally:
        sys.path.remove(str(BENCH))


def test_the_top_nodes_buffers_the_most_rows_and_the_scans() -> None:
    line = summary(PLAN)
    assert line.startswith("buffers hit 267 read 3, max rows 41676, exec 35.888 ms")
    assert (
        "[Index Only Scan using ix_action_open_due; Index Only Scan using ix_case_panel_live]"
        in line
    )


def test_a_plan_that_touched_no_page_reports_the_planners_buffers() -> None:
    line = summary(EMPTY)
    assert line.startswith("buffers hit 71 read 0, max rows 0, exec 0.015 ms")
    assert line.endswith("[Seq Scan on risk_assessment]")
