"""Figures for the partnership and for scrutiny, the CSV and the pack PDF."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.documents.documents_pdf import flat, read_pdf
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import MadeCase, ScrutinyFactory

BASE = flow.BASE
YEAR = "from=2025-01-01&to=2025-12-31"


@pytest.fixture
def made(session: Session, world: World) -> list[MadeCase]:
    factory = ScrutinyFactory(session, world, seed=77)
    for i in range(24):
        factory.closed_case(
            strands=("race", "religion") if i % 4 == 0 else ("race",),
            district="Northgate",
            age=40,
            sex="female",
            route="high_risk",
            referred_on=date(2025, 1, 6 + i % 20),
            closed_on=date(2025, 6, 2 + i),
            repeat=i % 2 == 0,
            support_in_time=i % 3 != 0,
        )
    factory.closed_case(strands=("disability",), route="repeat", state="withdrawn")
    factory.closed_case(strands=("transgender",), closed_on=date(2024, 12, 1))  # not in 2025
    return factory.made


def test_partnership_figures_follow_the_10_5_rule(
    client: TestClient, world: World, made: list[MadeCase]
) -> None:
    r = client.get(f"{BASE}/statistics?{YEAR}", headers=world.headers("chair"))
    assert r.status_code == 200, r.text
    [stats] = r.json()["items"]
    assert stats["cases"] == 25 and stats["pack_id"] is None
    tables = {t["key"]: t for t in stats["tables"]}
    strands = {row["label"]: row["cells"][-1] for row in tables["strands"]["rows"]}
    # 24 race (6 also religion) and 1 disability: religion and disability together are under
    # 10, so race goes too; the number of cases stays, as every table's total.
    assert strands == {"Race": None, "Religion or belief": None, "Disability": None, "Total": 25}
    routes = {row["label"]: row["cells"][0] for row in tables["routes"]["rows"]}
    assert routes == {"Other routes (Repeat, High risk on the checklist)": 25, "Total cases": 25}
    repeat = next(i for i in stats["indicators"] if i["key"] == "repeat_within_12_months")
    assert repeat["current"]["shown"] == "40% (about 10 of 25)"
    for row in (t for table in stats["tables"] for t in table["rows"]):
        assert all(v is None or (v >= 10 and v % 5 == 0) for v in row["cells"])
    c = world.headers("coordinator")
    assert client.get(f"{BASE}/statistics", headers=c).status_code == 422
    assert (
        client.get(f"{BASE}/statistics?from=2025-02-01&to=2025-01-01", headers=c).status_code == 422
    )
    r = client.get(f"{BASE}/statistics.csv?{YEAR}", headers=c)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert ["Cases by strand", "Disability", "Total", "[c]"] in rows


def test_members_get_the_figures_of_released_packs_only(
    client: TestClient, world: World, made: list[MadeCase]
) -> None:
    member = world.headers("scrutiny")
    assert client.get(f"{BASE}/statistics?{YEAR}", headers=member).json()["items"] == []
    draft = flow.create_pack(client, world, sample_size=5)
    r = client.get(f"{BASE}/packs/{draft['id']}/statistics", headers=world.headers("coordinator"))
    assert r.status_code == 409
    pack = flow.released_pack(client, world, sample_size=25)
    items = client.get(f"{BASE}/statistics?{YEAR}", headers=member).json()["items"]
    assert [i["pack_id"] for i in items] == [pack["id"]]
    assert items[0] == client.get(f"{BASE}/packs/{pack['id']}/statistics", headers=member).json()
    assert client.get(f"{BASE}/statistics?from=2026-01-01", headers=member).json()["items"] == []
    text = client.get(f"{BASE}/packs/{pack['id']}/statistics.csv", headers=member).text
    assert "[c]" in text and "Total cases" in text


def test_pack_pdf_carries_summaries_figures_and_markings(
    client: TestClient, world: World, made: list[MadeCase]
) -> None:
    pack = flow.released_pack(client, world, sample_size=8, k=3)
    member = world.headers("scrutiny")
    r = client.get(f"{BASE}/packs/{pack['id']}/pack.pdf", headers=member)
    assert r.status_code == 200, r.text
    assert len(r.headers["x-content-sha256"]) == 64
    pages = read_pdf(r.content)
    text = flat(" ".join(p.text for p in pages))
    assert all("OFFICIAL-SENSITIVE" in p.text for p in pages)
    assert "Handling statement" in text and "Cases by strand" in text and "[c]" in text
    released = [s for s in pack["summaries"] if not s["withheld"]]
    assert released
    for s in released:
        assert f"{s['label']} ({s['pseudonym']})" in text
    assert "[VICTIM]" in text and "Victims' Code compliance" in text
    again = client.get(f"{BASE}/packs/{pack['id']}/pack.pdf", headers=member)
    assert again.content == r.content  # served from the content-hash cache
