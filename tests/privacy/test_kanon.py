"""k-anonymity per pack: generalise first, then withhold the few still unique."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from riskpanel.privacy import QuasiRecord, k_anonymise
from riskpanel.privacy.kanon import generalise_age, generalise_period


def _rec(i: int, age: str = "30-39", district: str = "Harehills", month: int = 3,
         strands: frozenset[str] = frozenset({"race"}), sex: str = "F") -> QuasiRecord:  # fmt: skip
    return QuasiRecord(
        ref=f"SC-{i:04d}", age_band=age, sex=sex, district=district, area="Leeds East",
        month=date(2025, month, 1), strands=strands, payload={"narrative": f"case {i}"},
    )  # fmt: skip


def test_ladders() -> None:
    assert [generalise_age("30-39", n) for n in range(3)] == ["30-39", "20-39", "withheld"]
    assert generalise_age("90+", 1) == generalise_age("80-89", 1) == "80+"
    when = date(2025, 5, 1)
    assert [generalise_period(when, n) for n in range(3)] == ["May 2025", "Q2 2025", "2025"]


def test_already_safe_pack_is_left_alone() -> None:
    result = k_anonymise([_rec(i) for i in range(6)], k=5)
    assert result.generalised == () and result.withheld == ()
    assert result.records[0].district == "Harehills" and result.records[0].period == "March 2025"
    assert result.records[0].payload == {"narrative": "case 0"}


def test_area_is_coarsened_before_anything_else() -> None:
    records = [_rec(i, district="Harehills") for i in range(3)]
    records += [_rec(i + 3, district="Gipton") for i in range(3)]
    result = k_anonymise(records, k=5)
    assert result.generalised == ("districts shown as their wider area",)
    assert {r.district for r in result.records} == {"Leeds East"} and not result.withheld


def test_outlier_is_withheld_rather_than_coarsening_everyone() -> None:
    records = [_rec(i) for i in range(40)] + [_rec(99, age="80-89", month=11)]
    result = k_anonymise(records, k=5, max_withheld_share=0.05)
    assert result.withheld == ("SC-0099",) and result.generalised == ()
    assert any("withheld" in n for n in result.notes)


def test_several_strands_become_multiple() -> None:
    two = [frozenset({"race", "religion"}), frozenset({"race", "disability"})]
    records = [_rec(i, strands=two[i % 2]) for i in range(6)]
    result = k_anonymise(records, k=5, max_withheld_share=0.0)
    assert "cases with several strands shown as 'multiple strands'" in result.generalised
    assert {r.strands for r in result.records} == {("multiple strands",)}


def test_tiny_pack_is_withheld_whole() -> None:
    result = k_anonymise([_rec(1), _rec(2)], k=5)
    assert result.records == [] and len(result.withheld) == 2


record_strategy = st.builds(
    _rec,
    st.integers(0, 10_000),
    age=st.sampled_from(["10-19", "20-29", "30-39", "40-49", "70-79", "90+"]),
    district=st.sampled_from(["Harehills", "Gipton", "Beeston", "Armley"]),
    month=st.integers(1, 12),
    strands=st.sampled_from([frozenset({"race"}), frozenset({"religion"}),
                             frozenset({"race", "religion"}), frozenset({"disability"})]),
    sex=st.sampled_from(["F", "M"]),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(record_strategy, max_size=60, unique_by=lambda r: r.ref), k=st.integers(2, 6)
)
def test_every_released_group_has_at_least_k(records: list[QuasiRecord], k: int) -> None:
    result = k_anonymise(records, k=k)
    groups: dict[object, int] = {}
    for r in result.records:
        groups[r.key()] = groups.get(r.key(), 0) + 1
    assert all(n >= k for n in groups.values())
    assert len(result.records) + len(result.withheld) == len(records)
