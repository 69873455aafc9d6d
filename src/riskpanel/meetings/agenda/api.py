"""Agenda endpoints: propose an agenda from the cases waiting, read and save the agenda.

The agenda shares the meeting's ETag: saving it is a change of the meeting.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import get_session
from riskpanel.kit.concurrency import expected_version
from riskpanel.meetings.access import AgendaWriter, PanelCaller, ReaderCaller
from riskpanel.meetings.agenda import service
from riskpanel.meetings.agenda.schemas import AgendaIn, AgendaOut, AgendaProposal
from riskpanel.meetings.projections import meeting_etag

router = APIRouter()
DbSession = Annotated[Session, Depends(get_session)]
IfMatch = Annotated[str | None, Header(description="The meeting's current ETag.")]
SectionLimit = Annotated[
    int | None,
    Query(
        ge=1,
        le=500,
        description="The most cases proposed per section (and listed under `deferred`), the "
        "most pressing first. Default: the setting `agenda_proposal_section_limit` (25).",
    ),
]


@router.get(
    "/{meeting_id}/agenda/proposal", response_model=AgendaProposal, summary="Propose an agenda"
)
def propose_agenda(
    meeting_id: int, session: DbSession, caller: PanelCaller, limit: SectionLimit = None
) -> AgendaProposal:
    """Built from the cases waiting, in DOMAIN order; cases referred after the cut-off are
    listed under `deferred`. Each section holds at most `limit` cases, the most pressing
    first; `sections` gives each section's total, so a client can say how many follow at
    later meetings. Nothing is saved: edit it and PUT the agenda."""
    out = service.propose_agenda(session=session, caller=caller, meeting_id=meeting_id, limit=limit)
    session.commit()
    return out


@router.get("/{meeting_id}/agenda", response_model=AgendaOut, summary="Read the agenda")
def read_agenda(
    meeting_id: int, response: Response, session: DbSession, caller: ReaderCaller
) -> AgendaOut:
    out = service.read_agenda(session=session, caller=caller, meeting_id=meeting_id)
    commit_with_etag(session, response, meeting_etag(meeting_id, out.row_version))
    return out


@router.put("/{meeting_id}/agenda", response_model=AgendaOut, summary="Save the agenda")
def save_agenda(
    meeting_id: int,
    data: AgendaIn,
    response: Response,
    session: DbSession,
    caller: AgendaWriter,
    if_match: IfMatch = None,
) -> AgendaOut:
    """Replaces the agenda. Sections keep DOMAIN order and cases with children come first;
    accepted cases newly on it are listed through the workflow (`list_for_meeting`)."""
    version = expected_version(if_match, kind="meeting", object_id=meeting_id)
    out = service.save_agenda(
        session=session, caller=caller, meeting_id=meeting_id, data=data, expected_version=version
    )
    commit_with_etag(session, response, meeting_etag(meeting_id, out.row_version))
    return out
