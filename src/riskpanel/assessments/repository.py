"""The assessments' own queries: a new assessment with its answers, and the answers of
stored ones (the case's assessment list is ``riskpanel.cases.repository``'s)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import RiskAnswer, RiskAssessment


def insert(session: Session, row: RiskAssessment, answers: list[RiskAnswer]) -> RiskAssessment:
    """Store the assessment, then its answers under its new id."""
    session.add(row)
    session.flush()
    for answer in answers:
        answer.assessment_id = row.id or 0
        session.add(answer)
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
