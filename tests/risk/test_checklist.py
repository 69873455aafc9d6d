"""The bundled checklist is valid and broken checklists fail loudly, naming file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from riskpanel.risk.checklist import CHECKLIST_FILE, load_checklist
from riskpanel.risk.datafiles import RiskDataError
from riskpanel.risk.levels import RiskLevel

BUNDLED = Path(__file__).resolve().parents[2] / "workflows" / CHECKLIST_FILE
THEMES = {
    "previous_targeting",
    "frequency_and_severity",
    "injury_or_threats",
    "weapons",
    "attacks_on_home",
    "perpetrator_nearby_or_targeting_others",
    "groups",
    "perpetrator_history",
    "online_abuse",
    "victim_disability_or_ill_health",
    "isolation",
    "fear",
    "effect_on_health_and_routine",
    "children_or_vulnerable_people",
    "communication_needs",
    "lost_confidence",
    "community_tension",
}


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def test_bundled_checklist_is_valid_and_covers_every_theme() -> None:
    checklist = load_checklist(BUNDLED)
    assert 20 <= len(checklist.questions) <= 24
    assert {q.theme for q in checklist.questions} == THEMES
    assert checklist.name and checklist.version
    assert [b.level for b in checklist.levels] == list(RiskLevel)
    assert any(q.significant_concern for q in checklist.questions)


def test_default_path_finds_the_bundled_checklist() -> None:
    assert load_checklist() == load_checklist(BUNDLED)


def test_level_for_score_follows_the_bands() -> None:
    checklist = load_checklist(BUNDLED)
    medium, high = checklist.levels[1].from_score, checklist.levels[2].from_score
    assert checklist.level_for_score(0) is RiskLevel.STANDARD
    assert checklist.level_for_score(medium - 1) is RiskLevel.STANDARD
    assert checklist.level_for_score(medium) is RiskLevel.MEDIUM
    assert checklist.level_for_score(high) is RiskLevel.HIGH


def test_duplicate_question_ids_are_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["questions"][1]["id"] = raw["questions"][0]["id"]
    with pytest.raises(RiskDataError, match="duplicate questions: targeted_before"):
        load_checklist(_write(tmp_path, raw))


def test_unknown_field_is_refused_with_its_line(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["questions"][2]["colour"] = "red"
    path = _write(tmp_path, raw)
    with pytest.raises(RiskDataError) as caught:
        load_checklist(path)
    message = str(caught.value)
    assert str(path) in message
    assert "questions.2.colour" in message
    lines = path.read_text().splitlines()
    line_no = int(message.split(" line ")[1].split(":")[0])
    assert "colour" in lines[line_no - 1]


@pytest.mark.parametrize(
    ("levels", "problem"),
    [
        ([("standard", 0), ("high", 8), ("medium", 14)], "from lowest to highest"),
        ([("standard", 0), ("medium", 8), ("high", 8)], "strictly increase"),
        ([("standard", 2), ("medium", 8), ("high", 14)], "start at from_score 0"),
        ([("standard", 0), ("high", 14)], "missing: medium"),
    ],
)
def test_bands_must_be_ordered(
    tmp_path: Path, raw: dict[str, Any], levels: list[tuple[str, int]], problem: str
) -> None:
    raw["levels"] = [{"level": lv, "from_score": s} for lv, s in levels]
    with pytest.raises(RiskDataError, match=problem):
        load_checklist(_write(tmp_path, raw))


def test_lift_that_can_never_fire_is_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["lifts"] = [{"significant_concerns": 99, "to": "high"}]
    with pytest.raises(RiskDataError, match="can never fire"):
        load_checklist(_write(tmp_path, raw))


def test_missing_and_malformed_files_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(RiskDataError, match=r"nope\.yaml: cannot be read"):
        load_checklist(missing)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nquestions: [\n", encoding="utf-8")
    with pytest.raises(RiskDataError, match=r"broken.yaml line \d+: not valid YAML"):
        load_checklist(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(RiskDataError, match="expected a mapping"):
        load_checklist(listed)


def test_risk_data_error_is_a_server_side_fault() -> None:
    assert RiskDataError("x").problem()["status"] == 500
