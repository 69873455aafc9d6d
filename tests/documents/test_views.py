"""View models carry the rules that protect people, so no template can forget them."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from pydantic import ValidationError

from riskpanel.documents import (
    ActionItem,
    AgencyExtractDocument,
    AgendaCase,
    CarriedForwardAction,
    StatRow,
    StatTable,
)
from riskpanel.documents.charts import layout_bar_chart
from riskpanel.documents.formatting import duration, label, uk_datetime, yes_no
from riskpanel.documents.samples import (
    sample_agenda,
    sample_extract,
    sample_minutes,
    sample_scrutiny_pack,
)
from riskpanel.documents.scrutiny_views import Bar, BarChart


def _case(**changes: object) -> AgendaCase:
    fields: dict[str, object] = {
        "case_ref": "HC-1",
        "victim_initials": "JS",
        "strands": ("Race",),
        "risk_level": "high",
        "route": "Repeat",
        "referring_agency": "Police",
        "time_slot": time(10, 30),
        "children_in_household": False,
    }
    return AgendaCase.model_validate(fields | changes)


@pytest.mark.parametrize("initials", ["JS", "J.S.", "J. S.", "ABCD"])
def test_initials_are_accepted(initials: str) -> None:
    assert _case(victim_initials=initials).victim_initials == initials.strip()


@pytest.mark.parametrize("name", ["John Smith", "Jo", "js", "ABCDE", "O'Neil", ""])
def test_a_name_is_refused_where_initials_belong(name: str) -> None:
    with pytest.raises(ValidationError):
        _case(victim_initials=name)


def test_views_are_frozen_and_strict() -> None:
    case = _case()
    with pytest.raises(ValidationError):
        case.case_ref = "HC-2"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        _case(victim_name="John Smith")


def test_agenda_partitions_cases_and_refuses_duplicates() -> None:
    agenda = sample_agenda(7, reviews=0)
    assert [c.case_ref for c in agenda.cases_with_children + agenda.adult_only_cases] == [
        c.case_ref for c in sorted(agenda.cases, key=lambda c: not c.children_in_household)
    ]
    assert agenda.expected_end == time(11, 54)
    with pytest.raises(ValidationError, match="listed twice"):
        agenda.model_validate(agenda.model_dump() | {"cases": [_case(), _case()]})


def test_toc_threshold_counts_case_items() -> None:
    assert not sample_agenda(8, reviews=2).needs_toc
    assert sample_agenda(9, reviews=2).needs_toc


def test_extract_refuses_another_agencys_action() -> None:
    extract = sample_extract("Housing")
    foreign = ActionItem(
        action_ref="A-999",
        case_ref="HC-9",
        owner_agency="Police",
        description="Visit.",
        due_date=date(2025, 4, 1),
    )
    with pytest.raises(ValidationError, match="A-999"):
        AgencyExtractDocument.model_validate(
            extract.model_dump() | {"actions": [*extract.model_dump()["actions"], foreign]}
        )


def test_for_agency_keeps_own_actions_only_and_strips_extra_detail() -> None:
    reviewed = CarriedForwardAction(
        action_ref="A-1",
        case_ref="HC-1",
        owner_agency="Housing",
        description="Repair the door.",
        due_date=date(2025, 3, 1),
        outcome="not_done_by_agency",
        note="Internal note about another agency.",
    )
    base = sample_extract("Housing")
    extract = AgencyExtractDocument.for_agency(
        meeting=base.meeting,
        confidentiality_statement="Confidential.",
        agency_name="Housing",
        actions=[reviewed, *sample_minutes().cases[0].actions],
        coordinator=base.coordinator,
    )
    assert {a.owner_agency for a in extract.actions} == {"Housing"}
    assert all(type(a) is ActionItem for a in extract.actions)
    assert "Internal note" not in extract.model_dump_json()


def test_minutes_approval_status_and_outcome_groups() -> None:
    assert sample_minutes().approval_status == "DRAFT"
    approved = sample_minutes(approved=True)
    assert approved.approval_status == "Approved by chair on 6 March 2025"
    groups = dict(approved.carried_forward_by_outcome)
    assert list(groups) == [
        "Completed",
        "Not possible: circumstances changed",
        "Not done by the agency",
    ]
    assert sum(len(v) for v in groups.values()) == len(approved.carried_forward)


def test_stat_table_rows_must_fit_the_columns() -> None:
    with pytest.raises(ValidationError, match="2 cells, not 3"):
        StatTable(
            title="t",
            row_header="r",
            columns=("a", "b", "c"),
            rows=(StatRow(label="x", cells=(1, 2)),),
        )


def test_suppressed_bars_get_no_length() -> None:
    chart = BarChart(title="Referrals", bars=(Bar(label="A", value=40), Bar(label="B", value=None)))
    layout = layout_bar_chart(chart)
    assert layout.bars[0].width > 0 and layout.bars[1].width == 0
    assert layout.bars[1].value_text == "[c]"
    assert layout.description == "Referrals (cases). A: 40, B: [c]"
    assert sample_scrutiny_pack().has_suppressed_cells


def test_formatting() -> None:
    assert duration(45) == "45 min" and duration(120) == "2 h" and duration(135) == "2 h 15 min"
    assert yes_no(True) == "Y" and yes_no(False) == "N" and yes_no(None) == "N/A"
    assert label("not_done_by_agency") == "Not done by agency"
    assert uk_datetime(datetime(2025, 3, 4, 9, 5)) == "4 March 2025, 09:05"
