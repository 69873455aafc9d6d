"""Administration: the partner agencies and whether their sharing agreement is in force."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from riskpanel.access.membership import sharing_agreement_in_force
from riskpanel.agencies.access import Admin
from riskpanel.agencies.service import list_agencies
from riskpanel.models import utcnow
from riskpanel.web.common import DbSession, web_router
from riskpanel.web.templating import render

router = web_router()


@router.get("/admin/agencies")
def agencies_page(request: Request, session: DbSession, principal: Admin) -> Response:
    today = utcnow().date()
    rows = [(a, sharing_agreement_in_force(a, on=today)) for a in list_agencies(session=session)]
    return render(request, principal, "admin_agencies.html", title="Agencies", agencies=rows)
