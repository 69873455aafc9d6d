"""TOTP enrolment and codes, recovery codes, "confirm it's you" and administrators' resets.

A code is checked against the time steps either side of now (``valid_window`` 1, for a phone
clock a little off) and the step it matched is stored: a code of that step or an earlier one
is refused, so a code seen over someone's shoulder cannot be replayed inside its window.
Recovery codes are high-entropy and single use, so a keyed hash (as for API keys) is enough.

Services never commit. A refused code raises ``CodeRefused`` after counting the failure and
adding its audit event; the caller commits before re-raising, so the count holds.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

import pyotp
from sqlmodel import Session

from riskpanel.access.secrets import hash_secret, seal, unseal, verify_password
from riskpanel.auth import sessions
from riskpanel.auth.events import administration_event, sign_in_event
from riskpanel.auth.mfa import repository
from riskpanel.kit.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import (
    ApiCredential,
    RecoveryCode,
    SecondFactor,
    SecondFactorReset,
    User,
    WebSession,
)
from riskpanel.models import utcnow as _utcnow
from riskpanel.notifications.service import enqueue

ISSUER = "riskpanel"
SEAL_PURPOSE = "totp"
RECOVERY_CODES = 10
MAX_FAILURES = 5  # wrong codes in a row before the session asking is ended
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
SET_UP_PAGE = "/sign-in/second-factor/set-up"
CODE_PAGE = "/sign-in/second-factor"


class CodeRefused(InvalidInput):
    """A wrong, reused or replayed code; ``ended`` when the session was ended for it."""

    def __init__(self, message: str, *, field: str = "code", ended: bool = False) -> None:
        super().__init__(f"{field}: {message}", errors=[FieldError(field, message)])
        self.ended = ended


@dataclass(frozen=True)
class Enrolment:
    secret: str  # shown until the first code is typed, never after
    uri: str  # otpauth:// for the QR code
    reset_at: datetime | None  # an administrator's reset the person has not been told of


def enrolment_url_for(*, session: Session, user: User) -> str:
    """Where a person goes for their second factor: set it up, or type a code.

    For other domains (the invitation's "set your password" page sends new people here
    right after their first sign-in)."""
    return CODE_PAGE if repository.is_enrolled(session, user.id or 0) else SET_UP_PAGE


def _totp(factor: SecondFactor, key: str) -> pyotp.TOTP:
    return pyotp.TOTP(unseal(factor.secret_sealed, key=key, purpose=SEAL_PURPOSE))


def _matching_step(totp: pyotp.TOTP, code: str, now: datetime) -> int | None:
    """The time step (now, one before or one after) whose code this is, or None."""
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def begin_enrolment(*, session: Session, user: User, key: str) -> Enrolment:
    """A new secret, or the one shown before if the person has not typed a code yet."""
    factor = repository.factor_of(session, user.id or 0)
    if factor is not None and factor.confirmed_at is not None:
        raise Conflict("A second factor is already set up. Ask an administrator to reset it.")
    if factor is None:
        factor = SecondFactor(
            user_id=user.id or 0,
            secret_sealed=seal(pyotp.random_base32(), key=key, purpose=SEAL_PURPOSE),
        )
        session.add(factor)
        session.flush()
    totp = _totp(factor, key)
    reset = repository.unseen_reset(session, user.id or 0)
    return Enrolment(
        secret=totp.secret,
        uri=totp.provisioning_uri(name=user.email, issuer_name=ISSUER),
        reset_at=reset.reset_at if reset else None,
    )


def confirm_enrolment(
    *, session: Session, principal: Principal, code: str, key: str, now: datetime | None = None
) -> list[str]:
    """Check the first code; returns the ten recovery codes, to be shown this once."""
    user, _ = session_user(session=session, principal=principal)
    now = now or _utcnow()
    factor = repository.factor_of(session, user.id or 0)
    if factor is None or factor.confirmed_at is not None:
        raise Conflict("Start setting up the second factor again.")
    step = _matching_step(_totp(factor, key), _digits(code), now)
    if step is None:
        _fail(session, principal, factor, "enrolment_failed")
    factor.confirmed_at = now
    factor.last_time_step = step
    factor.failed_attempts = 0
    session.add(factor)
    codes = _new_recovery_codes(session, user.id or 0, key)
    reset = repository.unseen_reset(session, user.id or 0)
    if reset is not None:
        reset.acknowledged_at = now
        session.add(reset)
    _passed(session, principal, now, "second_factor_enrolled")
    return codes


def verify(
    *, session: Session, principal: Principal, code: str, key: str, now: datetime | None = None
) -> str:
    """Pass the session's second factor with a TOTP code or a recovery code.

    Returns which one was used ("totp" or "recovery_code")."""
    user, _ = session_user(session=session, principal=principal)
    now = now or _utcnow()
    factor = repository.factor_of(session, user.id or 0)
    if factor is None or factor.confirmed_at is None:
        raise Conflict("Set up the second factor first.")
    method = _check_code(session, factor, code, key, now)
    if method is None:
        _fail(session, principal, factor, "second_factor_failed")
    _passed(session, principal, now, f"second_factor_passed:{method}")
    return str(method)


def _check_code(
    session: Session, factor: SecondFactor, code: str, key: str, now: datetime
) -> str | None:
    """Accept a fresh TOTP code (storing its step) or an unused recovery code (using it)."""
    digits = _digits(code)
    if len(digits) == 6 and digits.isdigit():
        step = _matching_step(_totp(factor, key), digits, now)
        if step is None or (factor.last_time_step is not None and step <= factor.last_time_step):
            return None
        factor.last_time_step = step
        factor.failed_attempts = 0
        session.add(factor)
        return "totp"
    found = repository.recovery_code(session, factor.user_id, _recovery_hash(code, key))
    if found is None or found.used_at is not None:
        return None
    found.used_at = now
    factor.failed_attempts = 0
    session.add_all([found, factor])
    return "recovery_code"


def reauthenticate(
    *,
    session: Session,
    principal: Principal,
    password: str,
    code: str,
    key: str,
    now: datetime | None = None,
) -> None:
    """ "Confirm it's you": the password again, and a code when a second factor is set up.

    Sets the session's ``authenticated_at``, which sensitive actions read."""
    user, _ = session_user(session=session, principal=principal)
    now = now or _utcnow()
    factor = repository.factor_of(session, user.id or 0)
    if not verify_password(password, user.password_hash):
        if factor is not None:  # wrong passwords count towards the same limit as codes
            _fail(session, principal, factor, "reauthentication_failed", field="password")
        _audit(session, principal, "reauthentication_failed")
        raise InvalidInput.field("password", "Enter your correct password")
    enrolled = factor is not None and factor.confirmed_at is not None
    if enrolled and factor and _check_code(session, factor, code, key, now) is None:
        _fail(session, principal, factor, "reauthentication_failed")
    row = _web_session(session, principal)
    row.authenticated_at = now
    session.add(row)
    _audit(session, principal, "reauthenticated")


def reset(*, session: Session, principal: Principal, user_id: int) -> SecondFactorReset:
    """An administrator clears a person's second factor (a lost phone).

    The person's sessions end, they set up a new factor at their next sign-in, are told of
    the reset there, and are sent an email through the notification outbox. Nobody resets
    their own: someone holding only an administrator's password must not get past MFA."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if user.id == principal.user_id:
        raise Forbidden("Ask another administrator to reset your own second factor.")
    factor = repository.factor_of(session, user_id)
    if factor is not None:
        session.delete(factor)
    repository.drop_recovery_codes(session, user_id)
    sessions.end_sessions(session=session, user_id=user_id)
    done = SecondFactorReset(user_id=user_id, reset_by_user_id=principal.user_id)
    session.add(done)
    session.flush()
    enqueue(
        session=session,
        kind="account.second_factor_reset",
        channel="email",
        dedupe_key=f"second-factor-reset:{done.id}",
        data={"path": SET_UP_PAGE},
        user_id=user_id,
    )
    administration_event(
        session,
        principal,
        ("user", user_id),
        outcome="second_factor_reset",
        was_enrolled=factor is not None,
    )
    return done


def _digits(code: str) -> str:
    return "".join(code.split())


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_hash(code: str, key: str) -> str:
    return hash_secret("recovery:" + _normalise_recovery(code), key)


def _new_recovery_codes(session: Session, user_id: int, key: str) -> list[str]:
    """Ten fresh codes (any earlier ones are dropped); only keyed hashes are stored."""
    repository.drop_recovery_codes(session, user_id)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user_id, code_hash=_recovery_hash(raw, key)))
    session.flush()
    return codes


def session_user(*, session: Session, principal: Principal) -> tuple[User, WebSession]:
    """The caller's account and web session; bearer callers have no session to act on."""
    row = _web_session(session, principal)
    user = session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise Forbidden("Only a signed-in web session can do this, not an API key or token.")
    return user, row


def _web_session(session: Session, principal: Principal) -> WebSession:
    row = session.get(WebSession, principal.web_session_id) if principal.web_session_id else None
    if row is None:
        raise Forbidden("Only a signed-in web session can do this, not an API key or token.")
    return row


def _passed(session: Session, principal: Principal, now: datetime, outcome: str) -> None:
    row = _web_session(session, principal)
    row.mfa_verified_at = now
    row.authenticated_at = now
    session.add(row)
    _audit(session, principal, outcome)


def _fail(
    session: Session, principal: Principal, factor: SecondFactor, outcome: str, field: str = "code"
) -> NoReturn:
    """Count the wrong code; at the limit end the session (the password is asked again,
    and sign-in has its own throttle)."""
    factor.failed_attempts += 1
    ended = factor.failed_attempts >= MAX_FAILURES
    if ended:
        factor.failed_attempts = 0
        sessions.sign_out(session=session, principal=principal)
    session.add(factor)
    _audit(session, principal, outcome)
    wrong = "Enter your correct password" if field == "password" else "Enter a correct code"
    raise CodeRefused(
        "Too many wrong attempts. Sign in again" if ended else wrong, field=field, ended=ended
    )


def _audit(session: Session, principal: Principal, outcome: str) -> None:
    sign_in_event(session, principal, principal.user_id, outcome=outcome)


def record_token_issued(
    *, session: Session, principal: Principal, credential: ApiCredential
) -> None:
    """A personal token made from a session: audited like any credential issued."""
    subject = ("api_credential", credential.id)
    administration_event(
        session, principal, subject, outcome="personal_token_issued", prefix=credential.prefix
    )
