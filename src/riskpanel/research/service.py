"""Research returns: submitted by an agency that can see the case, read by the panel.

A return is an agency's internal document. The coordinator and chair of the case's panel
read every return; an agency reads back only its own, never another agency's, whatever it
can otherwise see of the case. Keyword-only; the caller commits.
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from riskpanel.access.relations import WriteObject, require
from riskpanel.access.service import get_visible_case
from riskpanel.audit.service import record
from riskpanel.kit.errors import Forbidden, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Agency, Meeting, ResearchItem, ResearchReturn, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.research.schemas import (
    ResearchItemOut,
    ResearchReturnIn,
    ResearchReturnOut,
    WithheldOut,
)

SUBJECT = "research_return"


def submit_return(
    *,
    session: Session,
    principal: Principal,
    case_id: int,
    data: ResearchReturnIn,
    access_days_after_closure: int,
) -> ResearchReturn:
    if not principal.is_agency or principal.agency_id is None:
        raise Forbidden("Research is returned by a partner agency.")
    case = get_visible_case(
        session=session,
        principal=principal,
        case_id=case_id,
        access_days_after_closure=access_days_after_closure,
    )
    obj = WriteObject(case=case, access_days_after_closure=access_days_after_closure)
    require(session=session, principal=principal, operation="research.return", obj=obj)
    if data.meeting_id is not None:
        meeting = session.get(Meeting, data.meeting_id)
        if meeting is None or meeting.panel_id != case.panel_id:
            raise InvalidInput.field("meeting_id", "is not a meeting of this case's panel")
    research = ResearchReturn(
        case_id=case_id,
        agency_id=principal.agency_id,
        meeting_id=data.meeting_id,
        withheld=[w.model_dump() for w in data.withheld],
        submitted_by_user_id=principal.user_id,
        submitted_by_credential_id=principal.credential_id,
        submitted_at=utcnow(),
    )
    session.add(research)
    session.flush()
    for item in data.items:
        session.add(
            ResearchItem(research_return_id=research.id or 0, kind=item.kind, text=item.text)
        )
    session.flush()
    record(
        session=session,
        principal=principal,
        action=AuditAction.COLLECTION,
        subject_type=SUBJECT,
        subject_id=research.id,
        case_id=case_id,
        person_id=case.victim_person_id,
        purpose="research",
        fields=[f"items.{i.kind}" for i in data.items] + (["withheld"] if data.withheld else []),
        recipients=["panel"],
    )
    return research


def list_returns(
    *, session: Session, principal: Principal, case_id: int, access_days_after_closure: int
) -> list[ResearchReturnOut]:
    """Panel roles: every return for the case. An agency: its own returns only."""
    case = get_visible_case(
        session=session,
        principal=principal,
        case_id=case_id,
        access_days_after_closure=access_days_after_closure,
    )
    query = select(ResearchReturn).where(ResearchReturn.case_id == case_id)
    if principal.is_agency:
        query = query.where(ResearchReturn.agency_id == principal.agency_id)
    returns = list(
        session.exec(query.order_by(col(ResearchReturn.submitted_at), col(ResearchReturn.id))).all()
    )
    record(
        session=session,
        principal=principal,
        action=AuditAction.CONSULTATION,
        subject_type=SUBJECT,
        case_id=case.id,
        person_id=case.victim_person_id,
        purpose="research",
        fields=["items", "withheld"],
        detail={"research_return_ids": [r.id for r in returns]},
    )
    return views(session, returns)


def views(session: Session, returns: list[ResearchReturn]) -> list[ResearchReturnOut]:
    ids = [r.id for r in returns if r.id is not None]
    items: dict[int, list[ResearchItem]] = defaultdict(list)
    if ids:
        for item in session.exec(
            select(ResearchItem)
            .where(col(ResearchItem.research_return_id).in_(ids))
            .order_by(col(ResearchItem.id))
        ).all():
            items[item.research_return_id].append(item)
    agency_ids = {r.agency_id for r in returns}
    names = {
        a.id: a.name
        for a in session.exec(select(Agency).where(col(Agency.id).in_(agency_ids))).all()
    }
    return [
        ResearchReturnOut(
            id=r.id or 0,
            case_id=r.case_id,
            agency_id=r.agency_id,
            agency_name=names.get(r.agency_id, "-"),
            meeting_id=r.meeting_id,
            items=[ResearchItemOut.model_validate(i) for i in items[r.id or 0]],
            withheld=[WithheldOut.model_validate(w) for w in r.withheld],
            submitted_at=r.submitted_at,
        )
        for r in returns
    ]
