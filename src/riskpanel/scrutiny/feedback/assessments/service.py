"""The structured dip-sample review: a member assesses a released summary (four questions,
an overall grade, a comment), the coordinator answers, the pack counts the assessments, and
"you said, we did" follows the answers across packs.

One assessment per member per summary, editable until the coordinator answers it: after
that it is part of the record, like feedback. Comments and answers are free text written by
people who have read about real cases, so both go through the same redactor (with the
case's own people and references and the panel's deny-list) as the summaries before they
are stored; what is stored is what anyone is shown. Every read and write is audited.
"""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.kit.errors import Conflict, Forbidden, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import ScrutinyAssessment, ScrutinyPack, ScrutinySummary, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.access import (
    audit,
    get_pack,
    is_panel_role,
    is_scrutiny,
    may_see,
)
from riskpanel.scrutiny.feedback.assessments import repository as repo
from riskpanel.scrutiny.feedback.assessments.projections import assessment_out, figures_out
from riskpanel.scrutiny.feedback.assessments.schemas import (
    QUESTIONS,
    ScrutinyActionTaken,
    ScrutinyAssessmentFigures,
    ScrutinyAssessmentIn,
    ScrutinyAssessmentOut,
    ScrutinyPackActions,
    YouSaidWeDid,
)
from riskpanel.scrutiny.feedback.service import answer, clean_text, released_summary, replies
from riskpanel.scrutiny.packs.repository import released_packs

SUBJECT = "scrutiny_assessment"
FIELDS = [*QUESTIONS, "overall", "comment"]


def _require_member(principal: Principal) -> int:
    if not is_scrutiny(principal) or principal.user_id is None:
        raise Forbidden("Only scrutiny panel members assess summaries.")
    return principal.user_id


def assess(
    *, session: Session, principal: Principal, summary_id: int, data: ScrutinyAssessmentIn
) -> tuple[ScrutinyAssessmentOut, bool]:
    """Record the member's assessment, or change it while it is unanswered (409 after).
    Returns the assessment and whether it was created."""
    user_id = _require_member(principal)
    summary, pack = released_summary(session, principal, summary_id)
    row = repo.own_assessment(session, summary.id or 0, user_id, for_update=True)
    created = row is None
    if row is None:
        row = ScrutinyAssessment.model_validate(
            {"summary_id": summary.id or 0, "user_id": user_id, **_answers(data)}
        )
    elif row.response is not None:
        raise Conflict("The coordinator has answered this assessment, so it can no longer change.")
    else:
        for key, value in _answers(data).items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    row.comment = clean_text(session, summary, data.comment)
    session.add(row)
    session.flush()
    action = AuditAction.COLLECTION if created else AuditAction.ALTERATION
    audit(
        session,
        principal,
        action,
        SUBJECT,
        row.id,
        fields=FIELDS,
        detail={"summary_id": summary.id, "pack_id": pack.id},
    )
    return assessment_out(row, summary, pack, panel_view=False, member=None), created


def _answers(data: ScrutinyAssessmentIn) -> dict[str, str]:
    return data.model_dump(exclude={"comment"})


def summary_to_assess(
    *, session: Session, principal: Principal, pack_id: int, summary_id: int
) -> tuple[ScrutinySummary, ScrutinyPack]:
    """A released, shown summary of this pack that the member may assess (404 otherwise)."""
    _require_member(principal)
    summary, pack = released_summary(session, principal, summary_id)
    if pack.id != pack_id:
        raise NotFound()
    return summary, pack


def own_assessment(
    *, session: Session, principal: Principal, summary_id: int
) -> ScrutinyAssessmentOut | None:
    """The member's own assessment of a summary, to show or to change (None: not yet)."""
    user_id = _require_member(principal)
    summary, pack = released_summary(session, principal, summary_id)
    row = repo.own_assessment(session, summary.id or 0, user_id)
    if row is None:
        return None
    audit(
        session, principal, AuditAction.CONSULTATION, SUBJECT, row.id, fields=[*FIELDS, "response"]
    )
    return assessment_out(row, summary, pack, panel_view=False, member=None)


def list_assessments(
    *,
    session: Session,
    principal: Principal,
    pack_id: int | None,
    answered: bool | None,
    limit: int,
) -> list[ScrutinyAssessmentOut]:
    """The panel sees every assessment on its packs; a member sees their own, with answers."""
    if not is_panel_role(principal):
        _require_member(principal)
    panel_view, rows = replies(
        session=session,
        principal=principal,
        model=ScrutinyAssessment,
        pack_id=pack_id,
        answered=answered,
        limit=limit,
        subject=SUBJECT,
        fields=[*FIELDS, "response"],
    )
    return [assessment_out(a, s, p, panel_view=panel_view, member=name) for a, s, p, name in rows]


def respond(
    *, session: Session, principal: Principal, assessment_id: int, response: str
) -> ScrutinyAssessmentOut:
    """The coordinator's answer; given once, and it ends the member's editing."""
    row, summary, pack = answer(
        session=session,
        principal=principal,
        model=ScrutinyAssessment,
        reply_id=assessment_id,
        response=response,
        subject=SUBJECT,
    )
    return assessment_out(row, summary, pack, panel_view=True, member=None)


def pack_figures(
    *, session: Session, principal: Principal, pack_id: int, pack: ScrutinyPack | None = None
) -> ScrutinyAssessmentFigures:
    """The pack's assessments counted under the pack's small-number rule."""
    pack = pack or get_pack(session, principal, pack_id)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        SUBJECT,
        None,
        fields=[*QUESTIONS, "overall"],
        detail={"pack_id": pack.id, "view": "counts"},
    )
    return figures_out(pack, repo.assessments_on_pack(session, pack.id or 0))


def _said(row: ScrutinyAssessment) -> str:
    if row.comment:
        return row.comment
    noes = [text for key, text in QUESTIONS.items() if getattr(row, key) == "no"]
    return " ".join(f"{q.removesuffix('?')}: no." for q in noes) or "No comment given."


def you_said_we_did(*, session: Session, principal: Principal) -> YouSaidWeDid:
    """Every answered assessment on the released packs the reader may see, by pack, newest
    period first. No member is named and no source case is given, to anyone."""
    if not (is_panel_role(principal) or is_scrutiny(principal)):
        raise Forbidden("Only the panel and scrutiny members read this page.")
    packs = [
        p
        for p in released_packs(session, panel_id=principal.panel_id, start=None, end=None)
        if may_see(principal, p)
    ]
    grouped: dict[int, ScrutinyPackActions] = {}
    rows = repo.answered_on_packs(session, [p.id or 0 for p in packs])
    for row, summary, pack in rows:
        entry = grouped.setdefault(
            pack.id or 0,
            ScrutinyPackActions(
                pack_id=pack.id or 0,
                pack_title=pack.title,
                period_start=pack.period_start,
                period_end=pack.period_end,
                actions=[],
            ),
        )
        assert row.response is not None and row.responded_at is not None
        entry.actions.append(
            ScrutinyActionTaken(
                summary_label=summary.label,
                overall=row.overall,
                said=_said(row),
                did=row.response,
                responded_at=row.responded_at,
            )
        )
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        SUBJECT,
        None,
        fields=["comment", "response"],
        detail={"view": "you said, we did", "items": len(rows)},
    )
    return YouSaidWeDid(packs=list(grouped.values()))
