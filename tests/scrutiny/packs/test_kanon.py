"""k-anonymity per released pack: every released combination of the quasi-identifiers (age
band, sex or gender, district, period) is shared by at least k summaries; the rest is
withheld, never sent. Strands are the subject of scrutiny (issue 17's Decisions): released
as recorded, never coarsened, and no part of the key."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.scrutiny.packs.release import KANON_REASON, _apply_kanon
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import ScrutinyFactory

QI = ("age_band", "sex", "district", "period")


def _key(s: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(s[q] for q in QI)


def test_released_combinations_have_at_least_k_members(
    client: TestClient, world: World, session: Session
) -> None:
    factory = ScrutinyFactory(session, world, seed=5)
    for i in range(7):  # one crowd that can be released as it is
        factory.closed_case(
            strands=("race",),
            district="Northgate",
            age=34,
            sex="female",
            referred_on=date(2025, 4, 2 + i),
            closed_on=date(2025, 9, 1 + i),
        )
    for _ in range(3):  # and three people who stand out
        factory.closed_case(strands=("transgender", "disability"), district="Eastfield")
    pack = flow.released_pack(client, world, sample_size=10)
    member = client.get(f"{flow.BASE}/packs/{pack['id']}", headers=world.headers("scrutiny")).json()
    groups = Counter(_key(s) for s in member["summaries"])
    assert groups and all(n >= pack["k"] for n in groups.values())
    withheld = [s for s in pack["summaries"] if s["withheld"]]
    assert withheld and all(s["withheld_reason"] == KANON_REASON for s in withheld)
    assert {s["label"] for s in withheld} == set(pack["kanon"]["withheld_labels"])
    assert {s["id"] for s in member["summaries"]}.isdisjoint({s["id"] for s in withheld})
    assert member["generalised"] == pack["kanon"]["generalised"]


def test_the_draft_previews_what_k_anonymity_will_withhold(
    client: TestClient, world: World, session: Session
) -> None:
    factory = ScrutinyFactory(session, world, seed=6)
    for _ in range(3):
        factory.closed_case()
    pack = flow.create_pack(client, world)
    assert pack["kanon"]["k"] == 5
    assert sorted(pack["kanon"]["withheld_labels"]) == ["Case A", "Case B", "Case C"]


quasi = st.fixed_dictionaries(
    {
        "age_band": st.sampled_from([None, "20-29", "30-39", "40-49", "70-79", "90+"]),
        "sex": st.sampled_from([None, "female", "male", "trans woman", "non-binary"]),
        "district": st.sampled_from([None, "Northgate", "Southbank", "Eastfield"]),
        "area": st.just("Testshire"),
        "month": st.sampled_from(["2025-01-01", "2025-02-01", "2025-05-01", "2024-11-01"]),
        "strands": st.lists(
            st.sampled_from(["Race", "Disability", "Religion or belief"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
    }
)


def _pack(k: int) -> ScrutinyPack:
    return ScrutinyPack(
        id=1,
        panel_id=1,
        title="t",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        sample_size=40,
        k=k,
        kanon_report={},
    )


def _summaries(items: list[tuple[dict, bool]]) -> list[ScrutinySummary]:
    return [
        ScrutinySummary(
            id=i + 1,
            pack_id=1,
            label=f"S{i}",
            pseudonym=f"P{i}",
            attributes={"quasi": q},
            withheld=pre_withheld,
            reviewed=True,
        )
        for i, (q, pre_withheld) in enumerate(items)
    ]


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.tuples(quasi, st.booleans()), max_size=40), k=st.integers(3, 8))
def test_every_released_combination_meets_k(items: list[tuple[dict, bool]], k: int) -> None:
    pack = _pack(k)
    summaries = _summaries(items)
    manual = {s.id for s in summaries if s.withheld}
    report = _apply_kanon(pack, summaries)
    released = [s for s in summaries if not s.withheld]
    groups = Counter(_key(s.attributes["released"]) for s in released)
    assert all(n >= k for n in groups.values())
    assert all(s.id not in manual for s in released)  # a coordinator's withholding stands
    assert report["released"] == len(released)
    for s in summaries:
        assert s.withheld or "released" in s.attributes
    for s in released:  # strands are shown as recorded, whatever k needed
        assert s.attributes["released"]["strands"] == s.attributes["quasi"]["strands"]


@settings(max_examples=100, deadline=None)
@given(items=st.lists(quasi, min_size=8, max_size=30), k=st.integers(3, 8))
def test_summaries_are_coarsened_rather_than_withheld(items: list[dict], k: int) -> None:
    """Within one year a pack of at least k summaries can always meet k by coarsening, so
    none is withheld; every release says which rules applied."""
    pack = _pack(k)
    one_year = [({**q, "month": q["month"].replace("2024-11", "2025-11")}, False) for q in items]
    summaries = _summaries(one_year)
    report = _apply_kanon(pack, summaries)
    assert report["withheld_by_kanon"] == [] and report["released"] == len(items)
    assert report["rules"][-1].startswith(("Coarsened", "Nothing coarsened"))


def test_a_short_period_is_drawn_from_earlier_quarters_and_says_so(
    client: TestClient, world: World, session: Session
) -> None:
    factory = ScrutinyFactory(session, world, seed=8)
    for day in (date(2025, 9, 10), date(2025, 9, 20)):  # in the period
        factory.closed_case(closed_on=day)
    for day in (date(2025, 7, 1), date(2025, 4, 1), date(2024, 5, 1)):  # 2, 5, 16 months back
        factory.closed_case(closed_on=day)
    period = {"period_start": "2025-09-01", "period_end": "2025-09-30", "sample_size": 4}
    pack = flow.create_pack(client, world, **period)
    assert pack["population"] == 4 and len(pack["summaries"]) == 4
    rule = pack["kanon"]["rules"][0]
    assert rule.startswith("Drawn from 1 March 2025, not 1 September 2025")
    kept = flow.create_pack(client, world, **period, extend_months=0)
    assert kept["population"] == 2 and not kept["kanon"]["rules"][0].startswith("Drawn")
    released = flow.released_pack(client, world, **period)
    member = client.get(f"{flow.BASE}/packs/{released['id']}", headers=world.headers("scrutiny"))
    assert member.json()["rules"][0] == rule
