"""Possible matches for a person, and deciding one on the web: the same person (the two
records are merged) or two different people.

Confirming merges records for good, so the decision goes through a check page first; both
call the same services as the API (``people.service.confirm_match`` / ``reject_match``),
which write the audit rows. Reached from a case or a referral; after a confirmed match the
referral's screening can attach it to the victim's existing case (a repeat).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.kit.errors import InvalidInput, NotFound, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.people import service
from riskpanel.people.access import MatchDecider
from riskpanel.people.schemas import MatchOut
from riskpanel.web.common import DbSession, PanelUser, notice_of, see_other, web_router
from riskpanel.web.form_state import Posted
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import form_page, render

router = web_router()
DECISIONS = [
    ("same", "Yes, they are the same person"),
    ("different", "No, they are different people"),
]


def _back(values: FormValues, request: Request) -> str:
    """The referral the coordinator came from, kept through the pages as a plain id."""
    raw = values.get("referral") or request.query_params.get("referral", "")
    return raw if is_ascii_digits(raw) else ""


def _matches_page(
    request: Request,
    session: Session,
    principal: Principal,
    person_id: int,
    values: FormValues,
    errors: FormErrors | None = None,
) -> Response:
    found = service.list_matches(session=session, principal=principal, person_id=person_id)
    session.commit()  # the access-log row of this read
    return form_page(
        request,
        principal,
        "matches.html",
        title="Possible matches for this person",
        person_id=person_id,
        matches=found.items,
        decisions=DECISIONS,
        referral=_back(values, request),
        values=values,
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/people/{person_id}/matches")
def matches_page(
    person_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    return _matches_page(request, session, principal, person_id, FormValues())


def _match(session: Session, principal: Principal, person_id: int, match_id: int) -> MatchOut:
    found = service.list_matches(session=session, principal=principal, person_id=person_id)
    for item in found.items:
        if item.id == match_id:
            return item
    raise NotFound()


def _person_id(values: FormValues) -> int:
    person_id = values.id("person_id")
    if person_id is None:
        raise NotFound()
    return person_id


@router.post("/people/matches/{match_id}/check")
def check_match(
    match_id: int, request: Request, values: Posted, session: DbSession, principal: MatchDecider
) -> Response:
    person_id = _person_id(values)
    name = f"decision.{match_id}"
    if values.get(name) not in dict(DECISIONS):
        session.rollback()
        errors = FormErrors.of(InvalidInput.field(name, "Select whether they are the same person"))
        return _matches_page(request, session, principal, person_id, values, errors)
    match = _match(session, principal, person_id, match_id)
    session.commit()  # the access-log row of this read
    return render(
        request,
        principal,
        "match_check.html",
        title="Check your decision",
        match=match,
        same=values.get(name) == "same",
        person_id=person_id,
        referral=_back(values, request),
    )


@router.post("/people/matches/{match_id}/decision")
def decide_match(
    match_id: int, request: Request, values: Posted, session: DbSession, principal: MatchDecider
) -> Response:
    person_id = _person_id(values)
    same = values.get("decision") == "same"
    decide = service.confirm_match if same else service.reject_match
    try:
        out = decide(session=session, principal=principal, match_id=match_id)
    except RiskPanelError as exc:
        if exc.status in (403, 404):
            raise
        session.rollback()
        errors = FormErrors.of(exc, fallback=f"decision.{match_id}")
        return _matches_page(request, session, principal, person_id, values, errors)
    session.commit()
    notice = "match-confirmed" if same else "match-rejected"
    referral = _back(values, request)
    if referral:
        return see_other(f"/referrals/{referral}", notice, "#screening")
    return see_other(f"/people/{out.surviving_person_id or person_id}/matches", notice)
