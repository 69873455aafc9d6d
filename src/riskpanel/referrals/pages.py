"""Referrals: the list, the referral form (with the risk checklist), and one referral with
its strand flag check, the routes found, and the screening decisions."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from riskpanel.access.service import sees_victim_names
from riskpanel.agencies.service import agency_names
from riskpanel.assessments import forms as assessment_forms
from riskpanel.assessments.service import checklist_for
from riskpanel.cases import service as cases
from riskpanel.kit.concurrency import etag
from riskpanel.kit.errors import InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.kit.text import is_ascii_digits
from riskpanel.models import PanelMembership
from riskpanel.panels.service import panel_names
from riskpanel.referrals import forms as rf
from riskpanel.referrals import service as referrals
from riskpanel.referrals.access import FlagDecider, ReferralCreator, Screener
from riskpanel.referrals.flags import service as flags
from riskpanel.referrals.intake.service import lexicon_for
from riskpanel.referrals.projections import ReferralDetail, ReferralView
from riskpanel.referrals.schemas import FlagCorrection, FlagDecisionIn, ScreeningIn
from riskpanel.referrals.screening import service as screening
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.web.common import (
    CaseReader,
    DbSession,
    caller_of,
    notice_of,
    see_other,
    settings_of,
    web_router,
)
from riskpanel.web.form_state import BlankForm, FormState, Posted
from riskpanel.web.forms import FormErrors, FormValues, invalid_from
from riskpanel.web.lists import RISKS, list_context, list_request
from riskpanel.web.templating import render, words
from riskpanel.workflow.registry import get_workflows

router = web_router()


STATUSES = [
    "received",
    "accepted",
    "attached",
    "escalated",
    "info_requested",
    "rejected",
    "withdrawn",
    "closed",
]


@router.get("/referrals")
def referral_list(request: Request, session: DbSession, principal: CaseReader) -> Response:
    query, wanted = list_request(request)
    caller = caller_of(request, principal)
    panel = principal.role in PANEL_ROLES
    only = None
    if query.overdue and panel:  # the dashboard's missed Victims' Code dates, open ones
        only = [
            d.referral_id
            for d in entitlement.overdue(session=session, caller=caller, open_only=True).items
        ]
    page = referrals.referral_list_page(
        session=session, caller=caller, query=query, page=wanted, only=only
    )
    session.commit()
    names = agency_names(session=session)
    return render(
        request,
        principal,
        "referrals.html",
        title="Referrals",
        agencies=names,
        agency_options=sorted(names.items(), key=lambda a: a[1]) if panel else [],
        statuses=[(s, words(s)) for s in STATUSES],
        risks=RISKS,
        names=sees_victim_names(principal),
        panel=panel,
        notice=notice_of(request),
        **list_context(query, page),
    )


def _panels_for(session: Session, principal: Principal) -> list[tuple[int, str]]:
    if principal.agency_id is None:
        return []
    names = panel_names(session=session)
    rows = session.exec(
        select(PanelMembership).where(col(PanelMembership.agency_id) == principal.agency_id)
    ).all()
    return [(m.panel_id, names.get(m.panel_id, "")) for m in rows if m.left_on is None]


def _form_page(
    request: Request, session: Session, principal: Principal, shown: FormState
) -> Response:
    lexicon = lexicon_for(settings_of(request))
    strands = [(s, s.replace("_", " ").capitalize()) for s in lexicon.catalogue.all]
    checklist = checklist_for(settings_of(request))
    return render(
        request,
        principal,
        "referral_form.html",
        status_code=shown.status_code,
        title="Refer a victim to the panel",
        values=shown.values,
        errors=shown.errors,
        checklist=checklist,
        sources=assessment_forms.sources(checklist),
        levels=assessment_forms.LEVELS,
        strands=strands,
        national=set(lexicon.catalogue.national),
        panels=_panels_for(session, principal),
        f=rf,
        incidents=[
            (i, rf.incident_name(i), rf.filled(shown.values, i)) for i in range(rf.MAX_INCIDENTS)
        ],
    )


@router.get("/referrals/new")
def new_referral(request: Request, session: DbSession, principal: CaseReader) -> Response:
    values = FormValues()
    for q in checklist_for(settings_of(request)).questions:
        values.set_default(f"assessment.{q.id}.source", "victim")
    return _form_page(request, session, principal, FormState(values))


@router.post("/referrals/new")
def create_referral(
    request: Request,
    values: Posted,
    session: DbSession,
    caller: ReferralCreator,
) -> Response:
    settings = caller.settings
    checklist = checklist_for(settings)
    positions = rf.Positions()
    panel_id = values.text("panel_id")
    try:
        data, positions = rf.build_referral(
            values,
            checklist=checklist,
            tz=settings.timezone,
            panel_id=int(panel_id) if panel_id and is_ascii_digits(panel_id) else None,
        )
        referral, _ = referrals.create_referral(
            session=session,
            principal=caller.principal,
            data=data,
            settings=settings,
            workflows=get_workflows(settings),
        )
    except InvalidInput as exc:
        session.rollback()
        errors = FormErrors.of(rf.remap_answers(exc, positions), labels=rf.LABELS)
        return _form_page(request, session, caller.principal, FormState(values, errors, 422))
    session.commit()
    return see_other(f"/referrals/{referral.id}", "referral")


@router.get("/referrals/{referral_id}")
def referral_page(
    referral_id: int, request: Request, session: DbSession, principal: CaseReader, shown: BlankForm
) -> Response:
    settings = settings_of(request)
    caller = caller_of(request, principal)
    view: ReferralView | ReferralDetail = referrals.get_referral(
        session=session, caller=caller, referral_id=referral_id
    )
    case_etag, case_state = None, None
    if view.case_id and not principal.is_agency:
        case, _ = cases.get_case(session=session, caller=caller, case_id=view.case_id)
        case_etag, case_state = etag("case", case.id, case.row_version), case.state
    session.commit()
    lexicon = lexicon_for(settings)
    return render(
        request,
        principal,
        "referral.html",
        title=f"Referral {view.reference}",
        r=view,
        detail=isinstance(view, ReferralDetail),
        agencies=agency_names(session=session),
        case_etag=case_etag,
        case_state=case_state,
        strands=[(s, s.replace("_", " ").capitalize()) for s in lexicon.catalogue.all],
        **shown.context(request),
    )


def _corrections(values: FormValues, incident_ids: list[int]) -> list[FlagCorrection]:
    out = []
    for incident_id in incident_ids:
        if values.flag(f"correct.{incident_id}"):
            chosen = values.getlist(f"strands.{incident_id}")
            out.append(FlagCorrection(incident_id=incident_id, strands=chosen))
    return out


@router.post("/referrals/{referral_id}/flags")
def decide_flags(
    referral_id: int,
    request: Request,
    values: Posted,
    session: DbSession,
    caller: FlagDecider,
) -> Response:
    ids = [int(v) for v in values.getlist("incident_id") if is_ascii_digits(v)]
    try:
        flags.decide_flags(
            session=session,
            principal=caller.principal,
            referral_id=referral_id,
            data=FlagDecisionIn(corrections=_corrections(values, ids), note=values.text("note")),
            lexicon=lexicon_for(caller.settings),
        )
    except InvalidInput as exc:
        session.rollback()
        shown = FormState(values, _flag_errors(exc, ids), 422)
        return referral_page(referral_id, request, session, caller.principal, shown)
    session.commit()
    return see_other(f"/referrals/{referral_id}", "flags", "#flags")


def _flag_errors(exc: InvalidInput, ids: list[int]) -> FormErrors:
    errors = FormErrors.of(exc, fallback="flags.form")
    for i, incident_id in enumerate(ids):
        errors.anchors[f"f-corrections-{i}-strands"] = f"f-strands-{incident_id}"
    return errors


@router.post("/referrals/{referral_id}/screening")
def screen(
    referral_id: int,
    request: Request,
    values: Posted,
    session: DbSession,
    caller: Screener,
) -> Response:
    raw: dict[str, Any] = {
        "decision": values.get("decision"),
        "case_id": int(values.get("case_id")) if is_ascii_digits(values.get("case_id")) else None,
        "route": values.text("route"),
        "reason": values.text("reason"),
    }
    try:
        data = ScreeningIn.model_validate(raw)
        out = screening.screen(
            session=session,
            caller=caller,
            referral_id=referral_id,
            data=data,
            if_match=values.text("if_match"),
        )
    except (RiskPanelError, ValidationError) as exc:
        if isinstance(exc, RiskPanelError) and exc.status == 404:
            raise
        session.rollback()
        problem = exc if isinstance(exc, RiskPanelError) else invalid_from(exc)
        errors = FormErrors.of(problem, fallback="screening.form")
        for name in ("reason", "route", "case_id", "decision"):
            errors.anchors[f"f-{name.replace('_', '-')}"] = f"f-screening-{name.replace('_', '-')}"
        shown = FormState(values, errors, problem.status)
        return referral_page(referral_id, request, session, caller.principal, shown)
    session.commit()
    if out.case is not None and raw["decision"] == "accept":
        return see_other(f"/cases/{out.case.id}", "screened")
    return see_other(f"/referrals/{referral_id}", "screened")
