"""Scrutiny feedback: members rate a released summary and comment; the coordinator answers.

The loop is what makes scrutiny worth having, so it is measured: how many comments were
answered, how long answers took, how long the oldest unanswered one has waited. A member sees
their own feedback and the answers to it; the panel sees everyone's, with the source case.
Comments and answers are redacted like a summary's narrative before they are stored
(:func:`clean_text`), since whoever writes them has read about real cases.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from statistics import mean, median

from sqlmodel import Session

from riskpanel.kit.errors import Conflict, Forbidden, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Panel, ScrutinyFeedback, ScrutinyPack, ScrutinySummary, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.privacy import redact
from riskpanel.scrutiny.access import (
    RELEASED,
    audit,
    get_pack,
    is_coordinator,
    is_panel_role,
    is_scrutiny,
    may_see,
)
from riskpanel.scrutiny.feedback.projections import feedback_out
from riskpanel.scrutiny.feedback.repository import (
    M,
    feedback_on_pack,
    reply_for_answer,
    reply_rows,
)
from riskpanel.scrutiny.feedback.schemas import FeedbackIn, FeedbackOut, FeedbackReport
from riskpanel.scrutiny.repository import load_case
from riskpanel.scrutiny.summaries.content import redact_case
from riskpanel.scrutiny.summaries.denylist import build_deny_list

SUBJECT = "scrutiny_feedback"
RATINGS = ("red", "amber", "green")


def clean_text(session: Session, summary: ScrutinySummary, text: str) -> str:
    """``text`` as the summary's own narrative would be redacted: the source case's people
    and references, then everyone else the panel holds, then the redactor's own patterns."""
    pack = session.get(ScrutinyPack, summary.pack_id)
    if not text or pack is None:
        return text
    panel = session.get(Panel, pack.panel_id)
    deny = build_deny_list(session, pack.panel_id)
    case = session.get(Case, summary.source_case_id) if summary.source_case_id else None
    if case is None or panel is None:
        return redact(text, known_people=deny.for_text(text)).text
    _, case_text = load_case(session, case, area=panel.area)
    return redact_case(replace(case_text, paragraphs=(text,), action_texts=()), deny).narrative


def released_summary(
    session: Session, principal: Principal, summary_id: int
) -> tuple[ScrutinySummary, ScrutinyPack]:
    """A shown summary of a released pack the reader may see (404 otherwise): what members
    give feedback on and assess."""
    summary = session.get(ScrutinySummary, summary_id)
    pack = session.get(ScrutinyPack, summary.pack_id) if summary else None
    if summary is None or pack is None or summary.withheld or not may_see(principal, pack):
        raise NotFound()
    if pack.status != RELEASED:
        raise NotFound()
    return summary, pack


def add_feedback(
    *, session: Session, principal: Principal, summary_id: int, data: FeedbackIn
) -> tuple[ScrutinyFeedback, ScrutinySummary]:
    if not is_scrutiny(principal) or principal.user_id is None:
        raise Forbidden("Only scrutiny panel members give feedback on summaries.")
    summary, _ = released_summary(session, principal, summary_id)
    row = ScrutinyFeedback(
        summary_id=summary.id or 0,
        user_id=principal.user_id,
        rating=data.rating,
        comment=clean_text(session, summary, data.comment),
    )
    session.add(row)
    session.flush()
    audit(
        session,
        principal,
        AuditAction.COLLECTION,
        SUBJECT,
        row.id,
        fields=["rating", "comment"],
        detail={"summary_id": summary.id},
    )
    return row, summary


def replies(
    *,
    session: Session,
    principal: Principal,
    model: type[M],
    pack_id: int | None,
    answered: bool | None,
    limit: int,
    subject: str,
    fields: list[str],
) -> tuple[bool, list[tuple[M, ScrutinySummary, ScrutinyPack, str]]]:
    """Feedback or assessments as the reader may see them, the read audited: the panel sees
    those on its own packs (with authors), a member their own. Returns (panel view, rows)."""
    panel_view = is_panel_role(principal)
    rows = [
        r
        for r in reply_rows(
            session,
            model,
            panel_id=principal.panel_id if panel_view else None,
            user_id=None if panel_view else principal.user_id,
            pack_id=pack_id,
            answered=answered,
            limit=limit,
        )
        if panel_view or may_see(principal, r[2])
    ]
    detail = {"items": len(rows), "pack_id": pack_id}
    audit(session, principal, AuditAction.CONSULTATION, subject, None, fields=fields, detail=detail)
    return panel_view, rows


def list_feedback(
    *,
    session: Session,
    principal: Principal,
    pack_id: int | None,
    answered: bool | None,
    limit: int,
) -> list[FeedbackOut]:
    """The panel sees feedback on its own packs; a member sees their own feedback."""
    panel_view, rows = replies(
        session=session,
        principal=principal,
        model=ScrutinyFeedback,
        pack_id=pack_id,
        answered=answered,
        limit=limit,
        subject=SUBJECT,
        fields=["rating", "comment", "response"],
    )
    return [feedback_out(f, s, panel_view=panel_view, member=name) for f, s, _, name in rows]


def answer(
    *,
    session: Session,
    principal: Principal,
    model: type[M],
    reply_id: int,
    response: str,
    subject: str,
) -> tuple[M, ScrutinySummary, ScrutinyPack]:
    """The coordinator's answer to feedback or an assessment; given once (an answer is part of
    the record), redacted like the comment it answers."""
    if not is_coordinator(principal):
        raise Forbidden("Only the panel coordinator answers scrutiny members.")
    row = reply_for_answer(session, model, reply_id)
    summary = session.get(ScrutinySummary, row.summary_id) if row else None
    pack = session.get(ScrutinyPack, summary.pack_id) if summary else None
    if row is None or summary is None or pack is None or not may_see(principal, pack):
        raise NotFound()
    if row.response is not None:
        raise Conflict("This has already been answered.")
    row.response = clean_text(session, summary, response)
    row.responded_by_user_id = principal.user_id
    row.responded_at = utcnow()
    session.add(row)
    audit(
        session,
        principal,
        AuditAction.ALTERATION,
        subject,
        row.id,
        fields=["response"],
        detail={"summary_id": summary.id, "pack_id": pack.id},
    )
    return row, summary, pack


def respond(
    *, session: Session, principal: Principal, feedback_id: int, response: str
) -> tuple[ScrutinyFeedback, ScrutinySummary]:
    row, summary, _ = answer(
        session=session,
        principal=principal,
        model=ScrutinyFeedback,
        reply_id=feedback_id,
        response=response,
        subject=SUBJECT,
    )
    return row, summary


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 1)


def feedback_report(*, session: Session, principal: Principal, pack_id: int) -> FeedbackReport:
    """Counts answered and unanswered, and how long answers took (hours)."""
    pack = get_pack(session, principal, pack_id)
    rows = feedback_on_pack(session, pack.id or 0)
    waits = [
        (r.responded_at - r.created_at).total_seconds() for r in rows if r.responded_at is not None
    ]
    now = utcnow()
    open_ages = [(now - r.created_at).total_seconds() for r in rows if r.responded_at is None]
    ratings = Counter(r.rating for r in rows)
    return FeedbackReport(
        pack_id=pack.id or 0,
        total=len(rows),
        by_rating={k: ratings.get(k, 0) for k in RATINGS},
        answered=len(waits),
        unanswered=len(open_ages),
        median_hours_to_answer=_hours(median(waits)) if waits else None,
        mean_hours_to_answer=_hours(mean(waits)) if waits else None,
        longest_hours_to_answer=_hours(max(waits)) if waits else None,
        oldest_unanswered_hours=_hours(max(open_ages)) if open_ages else None,
    )
