"""What a reader sees of an assessment and of the checklist: stored rows explained again
by the checklist when it is still the version that scored them."""

from __future__ import annotations

import zlib

from riskpanel.assessments.schemas import (
    AnswerOut,
    AssessmentOut,
    ChecklistOut,
    LevelBandOut,
    LiftOut,
    QuestionOut,
)
from riskpanel.cases.projections import view_of
from riskpanel.kit.concurrency import etag
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.text import is_ascii_digits
from riskpanel.models import Case, RiskAnswer, RiskAssessment
from riskpanel.risk import Answer, Assessment, Checklist, score


def version_number(version: str) -> int:
    """The stored (integer) form of a checklist version: ``"2026.1"`` -> ``20260001``.

    Two-part numeric versions round-trip through :func:`version_label`; anything else is
    stored as a stable checksum, so two versions never share a number by accident.
    """
    parts = version.split(".")
    if 1 <= len(parts) <= 2 and all(is_ascii_digits(p) for p in parts):
        major, minor = int(parts[0]), int(parts[1]) if len(parts) == 2 else 0
        if major < 200_000 and minor < 10_000:
            return major * 10_000 + minor
    return 2_000_000_000 + zlib.crc32(version.encode()) % 100_000_000


def version_label(number: int, current: Checklist | None = None) -> str:
    if current is not None and version_number(current.version) == number:
        return current.version
    if number < 2_000_000_000:
        return f"{number // 10_000}.{number % 10_000}"
    return f"#{number}"


def to_out(
    row: RiskAssessment,
    answers: list[RiskAnswer],
    checklist: Checklist,
    names: dict[int, str] | None = None,
) -> AssessmentOut:
    """The stored row, explained again by the checklist when it is still the same version."""
    explained: Assessment | None = None
    if version_number(checklist.version) == row.checklist_version:
        given = [
            Answer(question_id=a.question_id, value=a.answer, source=a.source) for a in answers
        ]
        try:
            explained = score(checklist, given)
        except InvalidInput:  # pragma: no cover - stored answers were validated
            explained = None
    return AssessmentOut(
        id=row.id or 0,
        case_id=row.case_id,
        referral_id=row.referral_id,
        checklist_name=row.checklist_name,
        checklist_version=version_label(row.checklist_version, checklist),
        score=row.score,
        max_score=explained.max_score if explained else None,
        actuarial_level=row.actuarial_level,
        level=row.level,
        judgement_reason=row.judgement_reason,
        standing=row.standing,
        agency_id=row.agency_id,
        view_of=view_of(row, names or {}),
        significant_concerns=list(explained.significant_concerns) if explained else [],
        unanswered=list(explained.unanswered) if explained else [],
        reasons=list(explained.reasons) if explained else [],
        assessed_at=row.assessed_at,
        answers=[
            AnswerOut(question_id=a.question_id, answer=a.answer, source=a.source) for a in answers
        ],
    )


def case_etag(case: Case) -> str:
    return etag("case", case.id, case.row_version)


def checklist_view(checklist: Checklist) -> ChecklistOut:
    return ChecklistOut(
        name=checklist.name,
        version=checklist.version,
        title=checklist.title,
        answers=["yes", "no", "unknown"],
        sources=list(checklist.sources),
        levels=[
            LevelBandOut(level=b.level.value, from_score=b.from_score) for b in checklist.levels
        ],
        lifts=[
            LiftOut(significant_concerns=lf.significant_concerns, to=lf.to.value)
            for lf in checklist.lifts
        ],
        max_score=checklist.max_score,
        questions=[
            QuestionOut.model_validate(q, from_attributes=True) for q in checklist.questions
        ],
    )


def checklist_etag(checklist: Checklist) -> str:
    return f'"checklist-{checklist.name}-{checklist.version}"'
