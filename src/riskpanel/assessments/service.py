"""Assessing a case: the panel's decision sets the case's level and its checklist routes.

The case's risk level is the panel's decision: only the coordinator or chair of the case's
panel sets it. An agency's assessment is kept as that agency's view, information the panel
weighs, and changes nothing on the case; the agency gets back only that it was recorded (the
score, level and routes are the panel's, which it may not read). Re-assessments never
overwrite: the case keeps every assessment, and its level and score are those of the
panel's latest decision. Keyword-only; the caller commits.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.access.service import get_visible_case
from riskpanel.access.visible import visible_case
from riskpanel.assessments import projections, repository
from riskpanel.assessments.schemas import (
    AgencyViewRecorded,
    AssessmentHistory,
    AssessmentIn,
    CaseRiskOut,
)
from riskpanel.audit.cases import About, record_on
from riskpanel.cases import repository as case_repo
from riskpanel.cases.panel_routes.service import refresh_assessment_routes, thresholds_for
from riskpanel.cases.projections import view_of
from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, FieldError, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import Case, Panel, RiskAnswer, RiskAssessment, utcnow
from riskpanel.models.enums import AssessmentStanding, AuditAction
from riskpanel.risk import Answer, Assessment, Checklist, apply_judgement, load_checklist, score
from riskpanel.risk.checklist import CHECKLIST_FILE
from riskpanel.workflow import WorkflowRegistry
from riskpanel.workflow.registry import get_workflows

PURPOSE = "risk_assessment"
CLOSED_STATES = frozenset({"closed", "withdrawn"})
ASSESSMENT_FIELDS = ["answers", "score", "actuarial_level", "level", "judgement_reason"]


@lru_cache(maxsize=8)  # parsed once per file, like the lexicon: YAML parsing is slow
def _checklist(path: str) -> Checklist:
    return load_checklist(Path(path))


def checklist_for(settings: Settings) -> Checklist:
    return _checklist(str(Path(settings.workflows_dir) / CHECKLIST_FILE))


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
        checklist_version=projections.version_number(result.checklist_version),
        score=result.score,
        actuarial_level=result.actuarial_level.value,
        level=result.level.value,
        judgement_reason=result.judgement.reason if result.judgement else None,
        standing=standing.value,
        agency_id=principal.agency_id,
        assessed_by_user_id=principal.user_id,
    )
    answers = [
        RiskAnswer(
            assessment_id=0, question_id=a.question_id, answer=a.answer.value, source=a.source
        )
        for a in data.answers
    ]
    repository.insert(session, row, answers)
    about = About("risk_assessment", row.id, case_id=case_id)
    detail = {"referral_id": referral_id} if referral_id else {"standing": standing.value}
    record_on(
        session,
        principal,
        AuditAction.COLLECTION,
        PURPOSE,
        about,
        fields=ASSESSMENT_FIELDS,
        detail=detail,
    )
    return row


def _open_case(session: Session, principal: Principal, case_id: int, access_days: int) -> Case:
    """The case as the caller may see it, locked when the panel decides (it changes)."""
    case = get_visible_case(
        session=session,
        principal=principal,
        case_id=case_id,
        access_days_after_closure=access_days,
    )
    if principal.role in PANEL_ROLES:
        locked = case_repo.lock_case(session, case_id)
        if locked is None:  # pragma: no cover - deleted between the two reads
            raise NotFound()
        session.refresh(locked)
        case = locked
    if case.state in CLOSED_STATES:
        raise Conflict(f"The case is {case.state}; it can no longer be assessed.")
    return case


def assess_case(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: AssessmentIn,
) -> CaseRiskOut | AgencyViewRecorded:
    principal, settings = caller.principal, caller.settings
    case = _open_case(session, principal, case_id, caller.access_days)
    require(
        session=session,
        principal=principal,
        operation="assessments.add",
        obj=WriteObject(case=case, access_days_after_closure=caller.access_days),
    )
    checklist = checklist_for(settings)
    result = evaluate(checklist, data)
    panel_decides = principal.role in PANEL_ROLES
    row = store(
        session=session,
        principal=principal,
        result=result,
        data=data,
        case_id=case.id,
        referral_id=None,
        standing=AssessmentStanding.DECISION if panel_decides else AssessmentStanding.AGENCY_VIEW,
    )
    if not panel_decides:
        return _recorded_view(session, row)
    return _decide(session, principal, case, row, checklist, settings, get_workflows(settings))


def _recorded_view(session: Session, row: RiskAssessment) -> AgencyViewRecorded:
    names = case_repo.agency_names(session, [row])
    label = view_of(row, names) or "your view"
    return AgencyViewRecorded(
        id=row.id or 0,
        case_id=row.case_id or 0,
        recorded_at=row.assessed_at,
        message=f"Recorded as {label} for the panel. The case's risk level is the panel's "
        "decision; your assessment does not change it.",
    )


def _decide(
    session: Session,
    principal: Principal,
    case: Case,
    row: RiskAssessment,
    checklist: Checklist,
    settings: Settings,
    workflows: WorkflowRegistry,
) -> CaseRiskOut:
    """The panel's decision: the case takes its level and score, and routes follow it."""
    panel = session.get(Panel, case.panel_id)
    assert panel is not None  # foreign key
    case.risk_level, case.risk_score = row.level, row.score
    thresholds = thresholds_for(panel, workflows, settings)
    case.route_evidence = refresh_assessment_routes(
        session=session, case=case, thresholds=thresholds, now=utcnow()
    )
    case.row_version += 1
    session.add(case)
    session.flush()
    about = About.case(case)
    logged = ["risk_level", "risk_score", "route_evidence"]
    detail = {"assessment_id": row.id}
    record_on(
        session, principal, AuditAction.ALTERATION, PURPOSE, about, fields=logged, detail=detail
    )
    return _out(session, row, case, checklist)


def _out(session: Session, row: RiskAssessment, case: Case, checklist: Checklist) -> CaseRiskOut:
    answers = repository.answers_of(session, [row.id or 0])
    return CaseRiskOut(
        assessment=projections.to_out(row, answers[row.id or 0], checklist, {}),
        case_risk_level=case.risk_level,
        case_risk_score=case.risk_score,
        routes=list(case.route_evidence),
        case_etag=projections.case_etag(case),
    )


def case_assessments(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
) -> AssessmentHistory:
    principal, settings = caller.principal, caller.settings
    case = visible_case(session, caller, case_id)
    rows = case_repo.assessments(session, case_id)
    answers = repository.answers_of(session, [r.id or 0 for r in rows])
    checklist = checklist_for(settings)
    names = case_repo.agency_names(session, rows)
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        PURPOSE,
        About.case(case, "risk_assessments"),
        fields=ASSESSMENT_FIELDS,
        detail={"assessment_ids": [r.id for r in rows]},
    )
    return AssessmentHistory(
        case_id=case_id,
        current_level=case.risk_level,
        current_score=case.risk_score,
        items=[projections.to_out(r, answers[r.id or 0], checklist, names) for r in rows],
    )
