"""The strand flag check: likely missing, doubtful and confirmed strands, without false hits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from riskpanel.risk.datafiles import RiskDataError
from riskpanel.risk.flags import check_flags
from riskpanel.risk.lexicon import LEXICON_FILE, Lexicon, load_lexicon

BUNDLED = Path(__file__).resolve().parents[2] / "workflows" / LEXICON_FILE
LEXICON = load_lexicon(BUNDLED)


def _found(text: str) -> dict[str, tuple[str, ...]]:
    result = check_flags(text, None, set(), LEXICON)
    return {e.strand: e.terms for e in result.likely_missing}


def test_missing_strand_is_reported_with_terms_and_snippets() -> None:
    narrative = "Victim was spat at outside the mosque on Friday and her hijab was pulled off."
    result = check_flags(narrative, "Because I'm Muslim.", {"race"}, LEXICON)
    assert [e.strand for e in result.likely_missing] == ["religion"]
    evidence = result.likely_missing[0]
    assert evidence.terms == ("mosque", "hijab", "muslim")
    assert evidence.national
    assert set(evidence.fields) == {"narrative", "why_answer"}
    assert any("outside the mosque" in s for s in evidence.snippets)
    assert result.doubtful == ["race"]
    assert not result.clean


def test_confirmed_strands_and_a_clean_check() -> None:
    narrative = "The man mocked his wheelchair and said go back to your own country."
    result = check_flags(narrative, "", {"race", "disability"}, LEXICON)
    assert [e.strand for e in result.confirmed] == ["race", "disability"]
    assert result.clean


def test_several_strands_in_one_incident() -> None:
    found = _found("A trans woman who is Black and autistic was followed home.")
    assert set(found) == {"race", "transgender", "disability"}


@pytest.mark.parametrize(
    "text",
    [
        "Victim works for Transport for London and was on a Transpennine train.",
        "He was on the Trans-Pennine Express.",
        "The suspect wore a black hoodie and black trainers; victim had a black eye.",
        "He was punched on the left temple outside 12 Church Road.",
        "She was doing her nail polish on the bus.",
        "SHE WAS WEARING NAIL POLISH AND CARRIED SHOE POLISH.",
        "The neighbour disabled the CCTV and turned a blind eye; it fell on deaf ears.",
        "Suspect's car was a Gaydon-registered Ford. The Sikhism exhibition was closed.",
        "He was racing his bike; the Jeweller's shop was shut; the gayest party.",
        "She travelled as a fellow traveller. A horse race was on the TV.",
    ],
)
def test_no_false_hits_from_substrings_or_everyday_phrases(text: str) -> None:
    assert _found(text) == {}


@pytest.mark.parametrize(
    ("text", "strand", "term"),
    [
        ("Two mosques were attacked.", "religion", "mosques"),
        ("He made Islamophobic comments.", "religion", "islamophobic"),
        ("She was called an anti-Semite slur", "religion", "anti-semite"),
        ("They identify as non binary", "transgender", "non binary"),
        ("They identify as nonbinary", "transgender", "nonbinary"),
        ("They were deadnamed repeatedly", "transgender", "deadnamed"),
        ("They were called TRANS in the street", "transgender", "trans"),
        ("He has Down\u2019s syndrome", "disability", "down's syndrome"),
        ("She uses crutches", "disability", "crutches"),
        ("The POLISH shop window was smashed", "race", "polish"),
        ("Graffiti on the Polish shop", "race", "polish"),
        ("He shouted homophobic abuse", "sexual_orientation", "homophobic"),
        ("Same sex couple targeted", "sexual_orientation", "same sex"),
        ("Attacked for being a goth", "alternative_subculture", "goth"),
    ],
)
def test_inflections_hyphens_case_and_wildcards(text: str, strand: str, term: str) -> None:
    found = _found(text)
    assert strand in found, found
    assert term in found[strand]


def test_cased_terms_match_only_as_written() -> None:
    assert "race" in _found("The Polish family next door")
    assert _found("shoe polish and polishing") == {}


def test_light_negation() -> None:
    assert _found("Officer noted this was not racially motivated.") == {}
    assert _found("It had nothing to do with her religion.") == {}
    # A negation word elsewhere must not cancel real evidence.
    assert "religion" in _found("They said they did not want Muslims here.")
    assert "race" in _found("No, he shouted racist abuse.")


def test_doubtful_and_unknown_flags() -> None:
    result = check_flags(
        "He was shouted at in the park.", None, {"Sexual orientation", "colour"}, LEXICON
    )
    assert result.doubtful == ["sexual_orientation"]
    assert result.unknown_flags == ["colour"]


def test_local_strands_are_kept_apart() -> None:
    result = check_flags("An elderly pensioner was targeted", None, set(), LEXICON)
    assert [(e.strand, e.national) for e in result.likely_missing] == [("age", False)]


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "strands.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def test_lexicon_refuses_unknown_strands(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["strands"]["colour"] = {"terms": ["red"]}
    with pytest.raises(RiskDataError, match="unknown strands: colour"):
        load_lexicon(_write(tmp_path, raw))


def test_lexicon_needs_every_national_strand(tmp_path: Path, raw: dict[str, Any]) -> None:
    del raw["strands"]["disability"]
    with pytest.raises(RiskDataError, match="missing: disability"):
        load_lexicon(_write(tmp_path, raw))


@pytest.mark.parametrize(
    ("terms", "problem"),
    [(["tra*"], "too short"), (["a*b"], "only allowed at the end"), (["gay", "GAY"], "duplicate")],
)
def test_lexicon_term_rules(
    tmp_path: Path, raw: dict[str, Any], terms: list[str], problem: str
) -> None:
    raw["strands"]["transgender"] = {"terms": terms}
    with pytest.raises(RiskDataError, match=problem):
        load_lexicon(_write(tmp_path, raw))


def test_local_strand_may_not_shadow_a_national_one(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["local_strands"] = ["race"]
    with pytest.raises(RiskDataError, match="repeat national ones"):
        load_lexicon(_write(tmp_path, raw))


def test_negation_can_be_switched_off() -> None:
    data = LEXICON.model_dump()
    data["negation"]["enabled"] = False
    plain = Lexicon.model_validate(data)
    result = check_flags("this was not racist", None, set(), plain)
    assert [e.strand for e in result.likely_missing] == ["race"]


def test_known_names_and_places_from_the_record_do_not_count() -> None:
    narrative = (
        "A witness, Christian Lyons-Holt, saw it. Officers attended 7 Chapel Gardens, Leeds. "
        "Later Christian said eggs were thrown at the church."
    )
    plain = check_flags(narrative, None, set(), LEXICON)
    assert plain.likely_missing[0].terms == ("christian", "chapel", "church")
    masked = check_flags(
        narrative,
        None,
        set(),
        LEXICON,
        known_names=["Christian Lyons-Holt"],
        known_places=["7 Chapel Gardens\nLeeds LS1 1AA"],
    )
    assert [e.terms for e in masked.likely_missing] == [("church",)]
