"""Late listing on the web: the coordinator asks (on the meeting page, with the reason), the
chair checks the request and agrees; then the case can go on the agenda."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.text import is_ascii_digits
from riskpanel.meetings import service
from riskpanel.meetings.access import LateAgreerUser, LateRequesterUser
from riskpanel.meetings.late_listing import service as late
from riskpanel.meetings.pages import meeting_refused
from riskpanel.web.common import DbSession, Form, PanelUser, see_other, web_router
from riskpanel.web.forms import FormValues
from riskpanel.web.templating import render

router = web_router()


@router.post("/meetings/{meeting_id}/late-listings")
def ask(
    meeting_id: int, request: Request, form: Form, session: DbSession, principal: LateRequesterUser
) -> Response:
    values = FormValues.of(form)
    wanted = values.get("case_id")
    try:
        late.request_late_listing(
            session=session,
            principal=principal,
            meeting_id=meeting_id,
            case_id=int(wanted) if is_ascii_digits(wanted) else 0,
            reason=values.text("reason") or "",
        )
    except RiskPanelError as exc:
        return meeting_refused(request, session, principal, meeting_id, exc, "reason", values)
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "late-asked", "#late-listings")


@router.get("/meetings/{meeting_id}/late-listings/{case_id}")
def check_request(
    meeting_id: int, case_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    """The chair's check-answers page: what is asked, why, by whom, before agreeing."""
    meeting = service.visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    views = late.late_listing_views(session=session, principal=principal, meeting_id=meeting_id)
    asked = next((v for v in views if v.case_id == case_id), None)
    session.commit()
    if asked is None:
        return see_other(f"/meetings/{meeting_id}", None, "#late-listings")
    return render(
        request,
        principal,
        "late_listing.html",
        title=f"List {asked.case_reference} late",
        meeting=meeting,
        asked=asked,
    )


@router.post("/meetings/{meeting_id}/late-listings/{case_id}/agreement")
def agree(
    meeting_id: int, case_id: int, request: Request, session: DbSession, principal: LateAgreerUser
) -> Response:
    try:
        late.agree_late_listing(
            session=session, principal=principal, meeting_id=meeting_id, case_id=case_id
        )
    except RiskPanelError as exc:
        return meeting_refused(request, session, principal, meeting_id, exc, "late-listings")
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "late-agreed", "#late-listings")
