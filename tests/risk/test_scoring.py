"""Scoring, the significant-concern lifts and professional judgement (raise only, with reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskpanel.kit.errors import InvalidInput
from riskpanel.risk.checklist import CHECKLIST_FILE, load_checklist
from riskpanel.risk.levels import RiskLevel, highest
from riskpanel.risk.scoring import Answer, AnswerValue, Assessment, apply_judgement, score

CHECKLIST = load_checklist(Path(__file__).resolve().parents[2] / "workflows" / CHECKLIST_FILE)
PLAIN = [q.id for q in CHECKLIST.questions if not q.significant_concern]
SIGNIFICANT = [q.id for q in CHECKLIST.questions if q.significant_concern]


def _yes(*ids: str, source: str = "victim") -> list[Answer]:
    return [Answer(question_id=i, value=AnswerValue.YES, source=source) for i in ids]


answers_strategy = st.lists(
    st.tuples(
        st.sampled_from([q.id for q in CHECKLIST.questions]),
        st.sampled_from(list(AnswerValue)),
        st.sampled_from(CHECKLIST.sources),
    ),
    unique_by=lambda t: t[0],
).map(lambda rows: [Answer(question_id=q, value=v, source=s) for q, v, s in rows])


def test_no_answers_is_standard_with_everything_unanswered() -> None:
    result = score(CHECKLIST, [])
    assert result.score == 0
    assert result.level is RiskLevel.STANDARD
    assert result.unanswered == tuple(q.id for q in CHECKLIST.questions)
    assert result.checklist_version == CHECKLIST.version


def test_score_adds_weights_of_yes_answers_only() -> None:
    answers = [
        *_yes("targeted_before", "weapon"),
        Answer(question_id="isolated", value=AnswerValue.NO, source="police"),
        Answer(question_id="very_frightened", value=AnswerValue.UNKNOWN, source="victim"),
    ]
    result = score(CHECKLIST, answers)
    expected = CHECKLIST.by_id["targeted_before"].weight + CHECKLIST.by_id["weapon"].weight
    assert result.score == expected
    assert "very_frightened" in result.unanswered
    assert "isolated" not in result.unanswered
    assert result.significant_concerns == ("weapon",)


def test_plain_yes_answers_reach_the_bands() -> None:
    result = score(CHECKLIST, _yes(*PLAIN))
    assert result.score == sum(CHECKLIST.by_id[q].weight for q in PLAIN)
    assert result.score_level is CHECKLIST.level_for_score(result.score)
    assert result.actuarial_level is result.score_level
    assert score(CHECKLIST, _yes(*CHECKLIST.by_id)).level is RiskLevel.HIGH


def test_significant_concerns_lift_the_level_whatever_the_score() -> None:
    one = score(CHECKLIST, _yes(SIGNIFICANT[0]))
    assert one.score_level is RiskLevel.STANDARD
    assert one.actuarial_level is RiskLevel.MEDIUM
    assert any("lift" in r for r in one.reasons)
    three = score(CHECKLIST, _yes(*SIGNIFICANT[:3]))
    assert three.actuarial_level is RiskLevel.HIGH


def test_unknown_question_and_source_are_refused_naming_the_field() -> None:
    answers = [
        *_yes("targeted_before"),
        Answer(question_id="dash_q1", value=AnswerValue.YES, source="victim"),
        Answer(question_id="weapon", value=AnswerValue.YES, source="neighbour_gossip"),
    ]
    with pytest.raises(InvalidInput) as caught:
        score(CHECKLIST, answers)
    fields = [e.field for e in caught.value.errors]
    assert fields == ["answers[1].question_id", "answers[2].source"]
    assert "dash_q1" in caught.value.detail


def test_duplicate_answers_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        score(CHECKLIST, _yes("weapon", "weapon"))
    assert caught.value.errors[0].field == "answers[1].question_id"


def test_answers_reject_unknown_values() -> None:
    with pytest.raises(ValueError, match="value"):
        Answer(question_id="weapon", value="maybe", source="victim")


def test_judgement_raises_with_reason() -> None:
    base = score(CHECKLIST, _yes("targeted_before"))
    raised = apply_judgement(base, "high", "  Threats escalating; victim's car set alight.  ")
    assert raised.level is RiskLevel.HIGH
    assert raised.actuarial_level is base.actuarial_level
    assert raised.judgement is not None
    assert raised.judgement.reason == "Threats escalating; victim's car set alight."
    assert base.level is RiskLevel.STANDARD  # the original is unchanged


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_judgement_without_reason_is_refused(reason: str) -> None:
    base = score(CHECKLIST, [])
    with pytest.raises(InvalidInput) as caught:
        apply_judgement(base, RiskLevel.HIGH, reason)
    assert caught.value.errors[0].field == "judgement_reason"


def test_judgement_cannot_lower_or_use_unknown_levels() -> None:
    high = score(CHECKLIST, _yes(*SIGNIFICANT[:3]))
    with pytest.raises(InvalidInput) as caught:
        apply_judgement(high, RiskLevel.MEDIUM, "victim seems fine now")
    assert caught.value.errors[0].field == "judgement_level"
    with pytest.raises(InvalidInput) as caught:
        apply_judgement(high, "critical", "x")
    assert caught.value.errors[0].field == "judgement_level"


@given(answers_strategy)
def test_level_is_never_below_what_the_score_gives(answers: list[Answer]) -> None:
    result = score(CHECKLIST, answers)
    assert 0 <= result.score <= CHECKLIST.max_score
    assert result.actuarial_level >= CHECKLIST.level_for_score(result.score)
    assert result.level == result.actuarial_level
    yes = {a.question_id for a in answers if a.value is AnswerValue.YES}
    assert result.score == sum(CHECKLIST.by_id[q].weight for q in yes)
    answered = {a.question_id for a in answers if a.value is not AnswerValue.UNKNOWN}
    assert set(result.unanswered) == set(CHECKLIST.by_id) - answered


@given(answers_strategy, st.sampled_from(list(RiskLevel)), st.text(min_size=1).filter(str.strip))
def test_judgement_only_raises(answers: list[Answer], wanted: RiskLevel, reason: str) -> None:
    base = score(CHECKLIST, answers)
    if wanted >= base.level:
        judged = apply_judgement(base, wanted, reason)
        assert judged.level == wanted == highest(base.level, wanted)
        assert judged.level >= judged.actuarial_level
    else:
        with pytest.raises(InvalidInput):
            apply_judgement(base, wanted, reason)


@given(answers_strategy, st.sampled_from(list(RiskLevel)), st.text(alphabet=" \t\n"))
def test_judgement_reason_is_always_required(
    answers: list[Answer], wanted: RiskLevel, reason: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        apply_judgement(score(CHECKLIST, answers), wanted, reason)
    assert caught.value.errors[0].field == "judgement_reason"


@given(answers_strategy, st.sampled_from([q.id for q in CHECKLIST.questions]))
def test_another_yes_never_lowers_the_level(answers: list[Answer], extra: str) -> None:
    before = score(CHECKLIST, answers)
    rest = [a for a in answers if a.question_id != extra]
    after = score(CHECKLIST, [*rest, *_yes(extra)])
    assert after.score >= before.score
    assert after.level >= before.level


def test_assessment_round_trips_through_json() -> None:
    result = apply_judgement(score(CHECKLIST, _yes("weapon")), "high", "weapon seen twice")
    assert Assessment.model_validate_json(result.model_dump_json()) == result
