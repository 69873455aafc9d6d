"""Scoring answers against the panel's checklist and storing each assessment with its answers.

Each assessment is a new row with its answers and their sources and the checklist version
that scored it, so the panel sees the level over time and an old score can be explained
after the checklist changes. Keyword-only; the caller commits.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, col, select

from riskpanel.assessments.schemas import AnswerOut, AssessmentIn, AssessmentOut
from riskpanel.audit.service import record
from riskpanel.config import Settings
from riskpanel.kit.concurrency import etag
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.models import Agency, Case, RiskAnswer, RiskAssessment
from riskpanel.models.enums import AssessmentStanding, AuditAction
from riskpanel.risk import Answer, Assessment, Checklist, apply_judgement, load_checklist, score
from riskpanel.risk.checklist import CHECKLIST_FILE

ASSESSMENT_FIELDS = ["answers", "score", "actuarial_level", "level", "judgement_reason"]


@lru_cache(maxsize=8)
def _checklist(path: str) -> Checklist:
    return load_checklist(Path(path))


def checklist_for(settings: Settings) -> Checklist:
    return _checklist(str(Path(settings.workflows_dir) / CHECKLIST_FILE))


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


def _prefixed(exc: InvalidInput, prefix: str) -> InvalidInput:
    errors = [FieldError(prefix + e.field, e.message) for e in exc.errors]
    return InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)


def evaluate(checklist: Checklist, data: AssessmentIn, *, prefix: str = "") -> Assessment:
    """Score and apply judgement; refusals name the field (``prefix`` + field)."""
    answers = [
        Answer(question_id=a.question_id, value=a.answer.value, source=a.source)
        for a in data.answers
    ]
    try:
        result = score(checklist, answers)
        if data.judgement_level is not None:
            result = apply_judgement(
                result, data.judgement_level.value, data.judgement_reason or ""
            )
        elif data.judgement_reason:
            raise InvalidInput.field(
                "judgement_level", "give the level your judgement sets, or leave out the reason"
            )
    except InvalidInput as exc:
        raise _prefixed(exc, prefix) from None
    return result


def store(
    *,
    session: Session,
    principal: Principal,
    result: Assessment,
    data: AssessmentIn,
    case_id: int | None,
    referral_id: int | None,
    standing: AssessmentStanding = AssessmentStanding.DECISION,
) -> RiskAssessment:
    row = RiskAssessment(
        case_id=case_id,
        referral_id=referral_id,
        checklist_name=result.checklist_name,
        checklist_version=version_number(result.checklist_version),
        score=result.score,
        actuarial_level=result.actuarial_level.value,
        level=result.level.value,
        judgement_reason=result.judgement.reason if result.judgement else None,
        standing=standing.value,
        agency_id=principal.agency_id,
        assessed_by_user_id=principal.user_id,
    )
    session.add(row)
    session.flush()
    for a in data.answers:
        session.add(
            RiskAnswer(
                assessment_id=row.id or 0,
                question_id=a.question_id,
                answer=a.answer.value,
                source=a.source,
            )
        )
    record(
        session=session,
        principal=principal,
        action=AuditAction.COLLECTION,
        subject_type="risk_assessment",
        subject_id=row.id,
        case_id=case_id,
        purpose="risk_assessment",
        fields=ASSESSMENT_FIELDS,
        detail={"referral_id": referral_id} if referral_id else {"standing": standing.value},
    )
    return row


def answers_of(session: Session, assessment_ids: list[int]) -> dict[int, list[RiskAnswer]]:
    found: dict[int, list[RiskAnswer]] = {i: [] for i in assessment_ids}
    if assessment_ids:
        rows = session.exec(
            select(RiskAnswer)
            .where(col(RiskAnswer.assessment_id).in_(assessment_ids))
            .order_by(col(RiskAnswer.id))
        ).all()
        for row in rows:
            found[row.assessment_id].append(row)
    return found


def agency_names(session: Session, rows: list[RiskAssessment]) -> dict[int, str]:
    """The names of the agencies whose views are among ``rows`` (for "<agency>'s view")."""
    ids = {r.agency_id for r in rows if r.agency_id is not None}
    if not ids:
        return {}
    found = session.exec(select(Agency.id, Agency.name).where(col(Agency.id).in_(ids))).all()
    return {agency_id: name for agency_id, name in found if agency_id is not None}


def view_of(row: RiskAssessment, names: dict[int, str]) -> str | None:
    """How the panel sees an agency's view: labelled as that agency's, never as the level."""
    if row.standing != AssessmentStanding.AGENCY_VIEW:
        return None
    return f"{names.get(row.agency_id or 0, 'An agency')}'s view"


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
