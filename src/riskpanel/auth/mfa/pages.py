"""The second factor in the browser: set it up (QR code drawn on the server), type a code,
"confirm it's you" before a sensitive action, and an administrator's reset.

A person whose session still needs the second factor reaches only these pages and sign-out
(``riskpanel.api.access``); every other page sends them here with ``?next=``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

import segno
from fastapi import Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from riskpanel.auth.access import Admin
from riskpanel.auth.cookies import clear_session_cookie
from riskpanel.auth.mfa import repository, service
from riskpanel.auth.mfa.access import (
    FactorResetter,
    Reauthenticate,
    SecondFactorStep,
    SecondFactorUser,
    needs_second_factor,
)
from riskpanel.auth.pages import safe_next
from riskpanel.kit.errors import InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import User
from riskpanel.web.common import (
    DbSession,
    Form,
    Person,
    notice_of,
    see_other,
    settings_of,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import HOME, render

router = web_router()
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]
LABELS = {"code": "Code", "password": "Password"}


def _next(request: Request, values: FormValues | None = None) -> str:
    wanted = values.get("next") if values is not None else request.query_params.get("next")
    return safe_next(wanted) or ""


def _onward(principal: Principal, target: str) -> RedirectResponse:
    return RedirectResponse(target or HOME.get(principal.role, "/"), status_code=303)


def _with_next(path: str, target: str) -> str:
    return path + (f"?next={quote(target)}" if target else "")


def _page(
    request: Request,
    principal: Principal,
    template: str,
    *,
    title: str,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
    **context: object,
) -> Response:
    """The second-factor pages carry no service menu: nothing else is open yet."""
    return render(
        request,
        principal,
        template,
        status_code=status_code,
        title=title,
        nav=[],
        values=values or FormValues(),
        errors=errors,
        next=_next(request, values),
        **context,
    )


def _errors(exc: InvalidInput) -> FormErrors:
    errors = FormErrors.of(exc)
    errors.labels.update(LABELS)
    return errors


@dataclass(frozen=True)
class Attempt:
    """A form sent to a second-factor service: its values, and the refusal if any."""

    values: FormValues
    refused: InvalidInput | None
    result: object = None

    @property
    def ended(self) -> bool:
        return isinstance(self.refused, service.CodeRefused) and self.refused.ended


def _attempt(
    request: Request,
    form: FormData,
    session: Session,
    principal: Principal,
    action: Callable[..., object],
    fields: tuple[str, ...] = ("code",),
) -> Attempt:
    """Run the service with the form's fields; a refusal is committed (its count of wrong
    codes and its audit event hold) and handed back for the page to show."""
    values = FormValues.of(form)
    key = settings_of(request).secret_key
    kw = {name: values.get(name) for name in fields}
    try:
        result = action(session=session, principal=principal, key=key, **kw)
    except InvalidInput as exc:
        session.commit()
        values.data.pop("password", None)
        return Attempt(values, exc)
    session.commit()
    return Attempt(values, None, result)


def _no_context(request: Request, session: Session, user: User) -> dict[str, object]:
    return {}


def _enrolment(request: Request, session: Session, user: User) -> dict[str, object]:
    enrolment = service.begin_enrolment(
        session=session, user=user, key=settings_of(request).secret_key
    )
    session.commit()  # the secret shown is the one the first code is checked against
    qr = segno.make(enrolment.uri, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c")
    secret = " ".join(enrolment.secret[i : i + 4] for i in range(0, len(enrolment.secret), 4))
    return {"qr": qr, "secret": secret, "reset_at": enrolment.reset_at}


def _confirmation(request: Request, session: Session, user: User) -> dict[str, object]:
    enrolled = repository.is_enrolled(session, user.id or 0)
    return {"has_password": bool(user.password_hash), "needs_code": enrolled}


#: Each second-factor form: its template, its title and what else its page shows.
FORMS: dict[str, tuple[str, str, Callable[[Request, Session, User], dict[str, object]]]] = {
    "code": ("second_factor.html", "Enter your code", _no_context),
    "set_up": ("second_factor_set_up.html", "Set up your authenticator app", _enrolment),
    "confirm": ("confirm.html", "Confirm it is you", _confirmation),
}


def _form(
    request: Request, session: Session, principal: Principal, name: str, done: Attempt | None = None
) -> Response:
    """One of the second-factor forms: fresh, or again (422) with what ``done`` sent and why
    it was refused."""
    template, title, context = FORMS[name]
    user, _ = service.session_user(session=session, principal=principal)
    errors = _errors(done.refused) if done is not None and done.refused is not None else None
    return _page(
        request,
        principal,
        template,
        title=title,
        values=done.values if done is not None else None,
        errors=errors,
        status_code=422 if errors else 200,
        **context(request, session, user),
    )


def _refused(
    request: Request, session: Session, principal: Principal, done: Attempt, name: str
) -> Response | None:
    """The answer to a refused form: signed out after too many wrong codes, else the form
    ``name`` again with the errors. None when the form passed."""
    if done.ended:
        return _ended(request)
    if done.refused is None:
        return None
    return _form(request, session, principal, name, done)


def _ended(request: Request) -> Response:
    response = RedirectResponse("/sign-in?notice=too-many-codes", status_code=303)
    clear_session_cookie(response, settings=settings_of(request))
    return response


@router.get("/sign-in/second-factor")
def code_page(request: Request, session: DbSession, principal: SecondFactorUser) -> Response:
    user, row = service.session_user(session=session, principal=principal)
    target = _next(request)
    if not needs_second_factor(settings_of(request), user) or row.mfa_verified_at:
        return _onward(principal, target)
    if not repository.is_enrolled(session, user.id or 0):
        return RedirectResponse(_with_next(service.SET_UP_PAGE, target), status_code=303)
    return _form(request, session, principal, "code")


@router.post("/sign-in/second-factor")
def pass_code(
    request: Request, form: Form, session: DbSession, principal: SecondFactorStep
) -> Response:
    done = _attempt(request, form, session, principal, service.verify)
    refused = _refused(request, session, principal, done, "code")
    return refused or _onward(principal, _next(request, done.values))


@router.get("/sign-in/second-factor/set-up")
def set_up_page(request: Request, session: DbSession, principal: SecondFactorUser) -> Response:
    user, _ = service.session_user(session=session, principal=principal)
    if repository.is_enrolled(session, user.id or 0):
        return RedirectResponse(_with_next(service.CODE_PAGE, _next(request)), status_code=303)
    return _form(request, session, principal, "set_up")


@router.post("/sign-in/second-factor/set-up")
def set_up(
    request: Request, form: Form, session: DbSession, principal: SecondFactorStep
) -> Response:
    done = _attempt(request, form, session, principal, service.confirm_enrolment)
    refused = _refused(request, session, principal, done, "set_up")
    return refused or _page(
        request,
        principal,
        "second_factor_codes.html",
        title="Your recovery codes",
        values=done.values,
        codes=done.result,
        onward=_next(request, done.values) or HOME.get(principal.role, "/"),
    )


@router.get("/sign-in/confirm")
def confirm_page(request: Request, session: DbSession, principal: Person) -> Response:
    return _form(request, session, principal, "confirm")


@router.post("/sign-in/confirm")
def confirm(
    request: Request, form: Form, session: DbSession, principal: Reauthenticate
) -> Response:
    fields = ("password", "code")
    done = _attempt(request, form, session, principal, service.reauthenticate, fields)
    refused = _refused(request, session, principal, done, "confirm")
    return refused or _onward(principal, _next(request, done.values))


@router.get("/admin/users/{user_id}/second-factor")
def factor_page(
    user_id: UserId, request: Request, session: DbSession, principal: Admin
) -> Response:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    factor = repository.factor_of(session, user_id)
    return render(
        request,
        principal,
        "admin_second_factor.html",
        title="Second factor",
        person=user,
        factor=factor if factor is not None and factor.confirmed_at else None,
        unused=repository.unused_recovery_codes(session, user_id),
        own=user_id == principal.user_id,
        notice=notice_of(request),
    )


@router.post("/admin/users/{user_id}/second-factor/reset")
def reset(user_id: UserId, session: DbSession, principal: FactorResetter) -> Response:
    service.reset(session=session, principal=principal, user_id=user_id)
    session.commit()
    return see_other(f"/admin/users/{user_id}/second-factor", "second-factor-reset")
