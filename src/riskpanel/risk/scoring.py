"""Scoring checklist answers into a level, and professional judgement on top of it.

The actuarial level comes only from the answers and the checklist's data (score bands plus
significant-concern lifts). Professional judgement may raise that level, never lower it, and
always with a written reason: hate crime risk is often under-counted by a checklist, and the
panel must be able to see why a practitioner thought so.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.risk.checklist import Checklist
from riskpanel.risk.levels import RiskLevel, highest


class AnswerValue(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Answer(_Frozen):
    """One answer and who gave it; the source is checked against the checklist's list."""

    question_id: str
    value: AnswerValue
    source: str
    note: str | None = None


class Judgement(_Frozen):
    level: RiskLevel
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Assessment(_Frozen):
    """A scored checklist. ``level`` is what the panel acts on; the rest explains it."""

    checklist_name: str
    checklist_version: str
    score: int
    max_score: int
    score_level: RiskLevel
    actuarial_level: RiskLevel
    significant_concerns: tuple[str, ...]
    unanswered: tuple[str, ...]
    level: RiskLevel
    judgement: Judgement | None = None
    reasons: tuple[str, ...] = ()


def _answer_errors(checklist: Checklist, answers: Sequence[Answer]) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, answer in enumerate(answers):
        if answer.question_id not in checklist.by_id:
            errors.append(
                FieldError(
                    f"answers[{i}].question_id",
                    f"unknown question {answer.question_id!r} in checklist "
                    f"{checklist.name} {checklist.version}",
                )
            )
        elif answer.question_id in seen:
            errors.append(
                FieldError(f"answers[{i}].question_id", f"{answer.question_id!r} answered twice")
            )
        seen.add(answer.question_id)
        if answer.source not in checklist.sources:
            allowed = ", ".join(checklist.sources)
            errors.append(
                FieldError(
                    f"answers[{i}].source", f"unknown source {answer.source!r}; use {allowed}"
                )
            )
    return errors


def score(checklist: Checklist, answers: Sequence[Answer]) -> Assessment:
    """Score the answers. Questions not answered count as unknown and are listed.

    Refuses (``InvalidInput``, naming each bad field) answers to questions the checklist does
    not have, duplicate answers and unknown sources, because a silently dropped answer would
    understate the risk.
    """
    errors = _answer_errors(checklist, answers)
    if errors:
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)
    given = {a.question_id: a.value for a in answers}
    yes = [q for q in checklist.questions if given.get(q.id) is AnswerValue.YES]
    total = sum(q.weight for q in yes)
    concerns = tuple(q.id for q in yes if q.significant_concern)
    unknown = AnswerValue.UNKNOWN
    unanswered = tuple(q.id for q in checklist.questions if given.get(q.id, unknown) is unknown)
    score_level = checklist.level_for_score(total)
    reasons = [f"score {total} of {checklist.max_score} is in the {score_level} band"]
    lift = checklist.lift_for(len(concerns))
    actuarial = highest(score_level, lift.to if lift else None)
    if lift and lift.to > score_level:
        reasons.append(
            f"{len(concerns)} significant concern(s) ({', '.join(concerns)}) lift the level to "
            f"at least {lift.to}"
        )
    return Assessment(
        checklist_name=checklist.name,
        checklist_version=checklist.version,
        score=total,
        max_score=checklist.max_score,
        score_level=score_level,
        actuarial_level=actuarial,
        significant_concerns=concerns,
        unanswered=unanswered,
        level=actuarial,
        reasons=tuple(reasons),
    )


def apply_judgement(assessment: Assessment, level: RiskLevel | str, reason: str) -> Assessment:
    """Record professional judgement; it may keep or raise the current level, never lower it.

    Raises ``InvalidInput`` naming ``judgement_reason`` when the reason is blank and
    ``judgement_level`` when the level is unknown or below the current level.
    """
    if not reason or not reason.strip():
        raise InvalidInput.field(
            "judgement_reason", "a reason is required for professional judgement"
        )
    try:
        wanted = RiskLevel(level)
    except ValueError:
        known = ", ".join(lv.value for lv in RiskLevel)
        raise InvalidInput.field(
            "judgement_level", f"unknown level {level!r}; use {known}"
        ) from None
    if wanted < assessment.level:
        raise InvalidInput.field(
            "judgement_level",
            f"professional judgement may raise the level, never lower it "
            f"(current level {assessment.level}, asked for {wanted})",
        )
    judgement = Judgement(level=wanted, reason=reason)
    note = f"professional judgement sets the level to {wanted}: {judgement.reason}"
    return assessment.model_copy(
        update={"level": wanted, "judgement": judgement, "reasons": (*assessment.reasons, note)}
    )
