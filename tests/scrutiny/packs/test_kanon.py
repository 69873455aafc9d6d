"""k-anonymity per released pack: every released combination of age band, sex, district,
period and strands is shared by at least k summaries; the rest is withheld, never sent."""

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

QI = ("age_band", "sex", "district", "period", "strands")


def _key(s: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(tuple(s[q]) if q == "strands" else s[q] for q in QI)


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
        "sex": st.sampled_from([None, "female", "male", "other"]),
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


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.tuples(quasi, st.booleans()), max_size=40), k=st.integers(3, 8))
def test_every_released_combination_meets_k(items: list[tuple[dict, bool]], k: int) -> None:
    pack = ScrutinyPack(
        id=1,
        panel_id=1,
        title="t",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        sample_size=40,
        k=k,
    )
    summaries = [
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
    manual = {s.id for s in summaries if s.withheld}
    report = _apply_kanon(pack, summaries)
    released = [s for s in summaries if not s.withheld]
    groups = Counter(_key(s.attributes["released"]) for s in released)
    assert all(n >= k for n in groups.values())
    assert all(s.id not in manual for s in released)  # a coordinator's withholding stands
    assert report["released"] == len(released)
    for s in summaries:
        assert s.withheld or "released" in s.attributes
