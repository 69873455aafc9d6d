"""The API benchmark's pieces in a tiny mode: the naive baseline, the write script, the report.

The full run (bench/run.py) takes minutes; these check in seconds that the baseline reads and
writes the rows riskpanel does, that bench/lua/post.lua keeps every If-Match current when it
runs out of fresh actions, and that the README block is replaced only between its markers.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import Action, ActionUpdate, AuditEvent
from tests.actions.factories import coordinator
from tests.fixtures import World
from tests.referrals.helpers import referred_case, victim

ROOT = Path(__file__).resolve().parents[2]


def load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


runner = load_runner()  # puts bench/ on sys.path for its sibling modules
servers = importlib.import_module("api_servers")
report = importlib.import_module("api_report")


def make_data(client: TestClient, world: World, engine: Engine, settings: Settings) -> dict:
    cases = [
        int(referred_case(client, world, victim=victim(given, family))[1]["case"]["id"])
        for given, family in (("Bogdan", "Kowalczyk"), ("Farida", "Haidari"))
    ]
    with Session(engine, expire_on_commit=False) as session:
        make: dict[str, Any] = {
            "session": session,
            "principal": coordinator(world),
            "settings": settings,
            "case_ids": cases,
        }
        police = runner.actions(**make, agency_id=world.agencies["police"].id, n=5)
        housing = runner.actions(**make, agency_id=world.agencies["housing"].id, n=6)
    return {"cases": cases, "police": police, "housing": housing}


def naive_module(monkeypatch: pytest.MonkeyPatch, url: str) -> ModuleType:
    monkeypatch.setenv("NAIVE_DATABASE_URL", url)
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    module = importlib.reload(importlib.import_module("naive_app"))
    return module


def test_naive_app_reads_and_writes_the_rows_riskpanel_does(
    client: TestClient,
    world: World,
    engine: Engine,
    settings: Settings,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = make_data(client, world, engine, settings)
    naive = naive_module(monkeypatch, settings.database_url)
    case_id, action_id = data["cases"][0], data["housing"][-1]
    with TestClient(naive.app) as baseline:
        full = client.get(f"/api/v1/cases/{case_id}", headers=world.headers("coordinator"))
        bare = baseline.get(f"/api/v1/cases/{case_id}")
        assert full.status_code == bare.status_code == 200
        assert bare.json()["case"]["reference"] == full.json()["reference"]
        assert len(bare.json()["incidents"]) == len(full.json()["incidents"]) >= 1
        assert any(p["person"]["family_name"] == "Kowalczyk" for p in bare.json()["parties"])

        police = world.agencies["police"].id
        listed = baseline.get(f"/api/v1/actions?status=open&agency_id={police}").json()["items"]
        agency = client.get("/api/v1/actions?status=open", headers=world.headers("police_system"))
        assert [a["id"] for a in listed] == [a["id"] for a in agency.json()["items"]]
        assert [a["id"] for a in listed] == data["police"]

        audited = session.exec(select(AuditEvent.id)).all()
        r = baseline.post(f"/api/v1/actions/{action_id}/updates", json={"progress": "in_progress"})
        assert r.status_code == 201
        assert r.headers["etag"] == f'"action-{action_id}-v2"'
    session.rollback()
    stored = session.get(Action, action_id)
    assert stored is not None and (stored.progress, stored.row_version) == ("in_progress", 2)
    assert session.exec(select(ActionUpdate).where(ActionUpdate.action_id == action_id)).one()
    assert session.exec(select(AuditEvent.id)).all() == audited  # the baseline audits nothing
    naive.engine.dispose()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs Debian's wrk")
def test_post_script_reuses_actions_with_their_current_etag(
    client: TestClient,
    world: World,
    engine: Engine,
    settings: Settings,
    session: Session,
    tmp_path: Path,
) -> None:
    """Two fresh actions, two connections for a second against riskpanel itself: more updates
    than actions, and every one is a 201, so each reused If-Match was the current ETag."""
    ids = make_data(client, world, engine, settings)["housing"][:2]
    port = servers.free_port()
    command = servers.commands("uvicorn", 1, port, servers.free_port())[0]
    env = {
        "RISKPANEL_DATABASE_URL": settings.database_url,
        "RISKPANEL_SECRET_KEY": settings.secret_key,
        "RISKPANEL_ENVIRONMENT": "test",
        "RISKPANEL_DATA_DIR": str(tmp_path / "data"),
    }
    base = f"http://127.0.0.1:{port}"
    server = servers.start(command, env, base + "/api/v1/health", tmp_path / "riskpanel.log", 1)
    try:
        ids_file = tmp_path / "ids.txt"
        ids_file.write_text("\n".join(map(str, ids)) + "\n")
        result = servers.wrk(
            base,
            "post.lua",
            [str(ids_file), "test", "2"],
            clients=2,
            seconds=1,
            token=world.tokens["housing_system"],
        )
    finally:
        servers.stop(server)
    assert result["requests"] > len(ids)
    assert result["statuses"] == {"201": result["requests"]}
    session.rollback()
    versions = session.exec(select(Action.row_version).where(col(Action.id).in_(ids))).all()
    updates = sum(v - 1 for v in versions)  # wrk drops answers still in flight when it stops
    assert result["requests"] <= updates <= result["requests"] + 2


def test_readme_block_is_replaced_only_between_its_markers() -> None:
    start, end = report.API_MARKERS
    text = f"intro\n{start}\nold table\n{end}\nrest\n"
    assert report.replace_block(text, report.API_MARKERS, "| new |\n") == (
        f"intro\n{start}\n| new |\n{end}\nrest\n"
    )
    assert report.replace_block("no markers here\n", report.API_MARKERS, "| new |") is None
    assert report.replace_block(f"{end}\n{start}\n", report.API_MARKERS, "| new |") is None


def test_wrk_report_line_is_parsed() -> None:
    out = (
        "Running 1s test @ http://127.0.0.1:1\n"
        'BENCHJSON {"requests": 10, "duration_us": 1000000, "p50": 900, "p90": 1500, '
        '"p99": 2500, "max": 3000, "mean": 1000.0, "connect": 0, "read": 0, "write": 0, '
        '"status": 1, "timeout": 0, "statuses": {"200": 9, "500": 1}}\n'
    )
    cell = report.Cell("sqlite", "read", 32, "riskpanel", servers.parse_wrk(out))
    assert (cell.rps, cell.errors, cell.stalled) == (10.0, 1, False)
    assert report._errors(cell) == "1 (500)"
    with pytest.raises(RuntimeError):
        servers.parse_wrk("wrk: connection refused\n")


def test_report_names_each_target_and_survives_a_stalled_cell() -> None:
    def cell(app: str, scenario: str, requests: int, p99_us: int) -> Any:
        result = {"requests": requests, "duration_us": 2_000_000, "p50": 1000, "p99": p99_us}
        result |= {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
        return report.Cell("sqlite", scenario, 32, app, result | {"statuses": {"200": requests}})

    cells = [
        cell("riskpanel", "read", 200, 90_000),
        cell("naive", "read", 250, 40_000),
        cell("riskpanel", "write", 100, 300_000),
        cell("naive", "write", 0, 0),
    ]
    opts = report.Options(seconds=2, warmup=1, clients=[32], workers=2, pool=10, quick=True)
    text = report.render(cells, opts, "bench/run.py --quick", ["a note"])
    assert "| SQLite | read | 32 | 2 | 100 | 1.0 | 90.0 | 125 |" in text
    assert "| 0.80 |" in text and "0 / stalled |" in text
    assert "(target >= 1.00 each): read 0.80 (not met)" in text
    assert "write 0.00 (not met)" in text  # the naive write answered nothing: judged not met
    assert "read p99 at 32 clients 90.0 ms (target <= 100 ms: met)" in text
    assert "write p99 at 32 writers 300.0 ms with 0 errors" in text and "not met" in text
    assert text.rstrip().endswith("- a note")


def test_pages_report_judges_p95_and_flatness_and_survives_a_page_with_no_answer() -> None:
    pages = importlib.import_module("bench_pages")

    def result(page: str, requests: int, p95: float) -> Any:
        return pages.Result(page, requests, p95 / 2, p95, p95 * 1.5, 10.0, 0, 2048, p95 / 4)

    small = ((10_000, 25_000, 1_000_000), [result("dashboard", 100, 80), result("agenda", 50, 90)])
    large = ((100_000, 250_000, 10_000_000), [result("dashboard", 100, 90), result("agenda", 0, 0)])
    block = pages.render([small, large], "bench_pages.py", ["note"])
    assert "| 100,000 | 250,000 | 10,000,000 | dashboard | 22.5 | 100 | 45.0 | 90.0 |" in block
    assert "- dashboard: p95 90 ms at 100,000 cases; p95 at 100,000 / at 10,000: **1.12**" in block
    assert "(p50 1.12) meets the target" in block and "alone 22 ms, 1.12 x" in block
    assert "- agenda: p95 0 ms" in block and "**nan** (p50 nan) misses the target" in block
