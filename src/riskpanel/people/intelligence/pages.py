"""A case's intelligence links on the web: perpetrators, places and online accounts that
recur in the panel's other cases, for the panel's coordinator and chair.

The same service as the API (``people.intelligence.service.case_intelligence``), which logs
the read against this case and each linked one.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from riskpanel.access.visible import visible_case
from riskpanel.people.intelligence import service as intelligence
from riskpanel.web.common import DbSession, PanelUser, caller_of, web_router
from riskpanel.web.templating import render

router = web_router()


@router.get("/cases/{case_id}/intelligence")
def intelligence_page(
    case_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    caller = caller_of(request, principal)
    links = intelligence.case_intelligence(session=session, caller=caller, case_id=case_id)
    case = visible_case(session, caller, case_id)
    session.commit()  # the access-log rows of this read
    return render(
        request,
        principal,
        "intelligence.html",
        title=f"Intelligence links: case {case.reference}",
        case=case,
        links=links,
    )
