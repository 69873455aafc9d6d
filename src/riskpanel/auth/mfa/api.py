"""The second factor over the API: pass it in a cookie session, confirm a session again,
make a personal token from a session that passed it, and (administrators) reset one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Request
from sqlmodel import Session, select

from riskpanel.access.secrets import split_prefix
from riskpanel.api.deps import DbSession
from riskpanel.auth import service as accounts
from riskpanel.auth.mfa import service
from riskpanel.auth.mfa.access import (
    FactorResetter,
    Reauthenticate,
    SecondFactorStep,
    TokenMaker,
    needs_second_factor,
)
from riskpanel.auth.mfa.schemas import (
    CodeIn,
    ConfirmIn,
    ResetOut,
    SecondFactorOut,
    TokenCreate,
    TokenIssued,
)
from riskpanel.config import Settings
from riskpanel.kit.errors import Forbidden, NotAuthenticated
from riskpanel.kit.principal import Principal
from riskpanel.models import ApiCredential

router = APIRouter(tags=["auth"])
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _out(session: Session, principal: Principal, method: str) -> SecondFactorOut:
    _, row = service.session_user(session=session, principal=principal)
    return SecondFactorOut(
        method=method, mfa_verified_at=row.mfa_verified_at, authenticated_at=row.authenticated_at
    )


@router.post(
    "/auth/session/second-factor",
    response_model=SecondFactorOut,
    summary="Pass the second factor in this session",
    description="After `POST /auth/session` a person who must use a second factor gets 401 "
    "`second-factor-required` everywhere else until this accepts a current code from their "
    "authenticator app (each code once) or one of their recovery codes (each once). Set "
    "the factor up in the web pages (`/sign-in/second-factor/set-up`). Five wrong codes in "
    "a row end the session.",
)
def pass_second_factor(
    body: CodeIn, request: Request, session: DbSession, principal: SecondFactorStep
) -> SecondFactorOut:
    method = _attempt(request, session, principal, service.verify, code=body.code)
    return _out(session, principal, str(method))


def _attempt(
    request: Request,
    session: Session,
    principal: Principal,
    action: Callable[..., object],
    **fields: str,
) -> object:
    """Run the service for the caller's session; a refusal commits (its count of wrong codes
    and its audit event hold) before it answers, and ends the session at the limit."""
    try:
        result = action(
            session=session, principal=principal, key=_settings(request).secret_key, **fields
        )
    except service.CodeRefused as exc:
        session.commit()
        if exc.ended:
            raise NotAuthenticated("Too many wrong attempts: the session has ended.") from None
        raise
    session.commit()
    return result


@router.post(
    "/auth/session/confirm",
    response_model=SecondFactorOut,
    summary="Confirm it is you (fresh authentication)",
    description="Releasing a scrutiny pack and issuing or rotating an API key from a web "
    "session need a password entered within `RISKPANEL_FRESH_AUTHENTICATION_SECONDS` "
    "(10 minutes by default); otherwise they answer 401 `fresh-authentication-required`. "
    "This takes the password again, and a code when a second factor is set up.",
)
def confirm(
    body: ConfirmIn, request: Request, session: DbSession, principal: Reauthenticate
) -> SecondFactorOut:
    fields = {"password": body.password, "code": body.code}
    _attempt(request, session, principal, service.reauthenticate, **fields)
    return _out(session, principal, "password")


@router.post(
    "/auth/tokens",
    status_code=201,
    response_model=TokenIssued,
    summary="Create a personal API token",
    description="Only from a web session (not with another token), and only once that "
    "session has passed the second factor when the person needs one. The whole token is "
    "in the answer once; only its keyed hash is stored.",
)
def create_token(
    body: TokenCreate, request: Request, session: DbSession, principal: TokenMaker
) -> TokenIssued:
    settings = _settings(request)
    user, row = service.session_user(session=session, principal=principal)
    if needs_second_factor(settings, user) and row.mfa_verified_at is None:
        raise Forbidden("Pass the second factor in this session before making a token.")
    token = accounts.issue_personal_token(
        session=session,
        user=user,
        key=settings.secret_key,
        days=body.expires_in_days,
        name=body.name,
    )
    credential = session.exec(
        select(ApiCredential).where(ApiCredential.prefix == split_prefix(token))
    ).one()
    service.record_token_issued(session=session, principal=principal, credential=credential)
    session.commit()
    assert credential.expires_at is not None
    return TokenIssued(token=token, name=credential.name, expires_at=credential.expires_at)


@router.post(
    "/users/{user_id}/second-factor/reset",
    response_model=ResetOut,
    summary="Reset a person's second factor",
    description="For a lost phone: the person's second factor and recovery codes are "
    "cleared and their sessions end; at their next sign-in they set up a new one and are "
    "shown that an administrator reset it, and an email tells them now. Audited. Nobody "
    "resets their own.",
)
def reset_second_factor(user_id: UserId, session: DbSession, principal: FactorResetter) -> ResetOut:
    done = service.reset(session=session, principal=principal, user_id=user_id)
    session.commit()
    return ResetOut(user_id=done.user_id, reset_at=done.reset_at)
