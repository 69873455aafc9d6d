"""An agency's research return for a case: what its records hold, and what it withholds."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError

from riskpanel.cases import service as cases
from riskpanel.cases.schemas import AgencyCaseView
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.text import full_name
from riskpanel.research import service as research
from riskpanel.research.access import ReturnerUser
from riskpanel.research.schemas import ResearchReturnIn
from riskpanel.web.common import (
    AgencyUser,
    DbSession,
    caller_of,
    see_other,
    web_router,
)
from riskpanel.web.form_state import REFUSALS, BlankForm, FormState, Posted
from riskpanel.web.forms import FormErrors, form_problem
from riskpanel.web.templating import render, uk_date, words

router = web_router()


def case_line(view: AgencyCaseView) -> str:
    """One line on who and what the case is about, so the agency searches the right records:
    the victim's name and the latest incident (its kind, day and strands)."""
    victim = full_name(view.victim)
    parts = [victim or "Victim not named"]
    if view.incidents:
        last = view.incidents[-1]
        strands = ", ".join(words(s.strand).lower() for s in last.strands)
        what = f"{words(last.kind).lower()} on {uk_date(last.occurred_on)}"
        parts.append(f"{what} ({strands})" if strands else what)
    return ": ".join(parts)


@router.get("/cases/{case_id}/research")
def research_form(
    case_id: int, request: Request, session: DbSession, principal: AgencyUser, shown: BlankForm
) -> Response:
    caller = caller_of(request, principal)
    case, view = cases.get_case(session=session, caller=caller, case_id=case_id)
    returns = research.list_returns(session=session, caller=caller, case_id=case_id)
    due = [
        d
        for d in research.research_due(session=session, principal=principal)
        if d.case_id == case_id
    ]
    session.commit()
    return render(
        request,
        principal,
        "research.html",
        title=f"Research return for case {case.reference}",
        case_id=case_id,
        case=view,
        about=case_line(view),
        due=due[0] if due else None,
        returns=returns,
        rows=range(3),
        **shown.context(request),
    )


@router.post("/cases/{case_id}/research")
def submit_research(
    case_id: int,
    request: Request,
    values: Posted,
    session: DbSession,
    principal: ReturnerUser,
) -> Response:
    body = {
        "items": [
            {
                "kind": values.get(f"items[{i}].kind") or "fact",
                "text": values.text(f"items[{i}].text"),
            }
            for i in range(3)
            if values.text(f"items[{i}].text")
        ],
        "withheld": [
            {
                "description": values.get("withheld[0].description").strip(),
                "reason": values.get("withheld[0].reason").strip(),
            }
        ]
        if values.text("withheld[0].description") or values.text("withheld[0].reason")
        else [],
    }
    try:
        research.submit_return(
            session=session,
            caller=caller_of(request, principal),
            case_id=case_id,
            data=ResearchReturnIn.model_validate(body),
        )
    except (RiskPanelError, ValidationError) as exc:
        problem = form_problem(session, exc, refusals=REFUSALS)
        errors = FormErrors.of(problem, fallback="items[0].text")
        shown = FormState(values, errors, problem.status)
        return research_form(case_id, request, session, principal, shown)
    session.commit()
    return see_other(f"/cases/{case_id}/research", "research")
