"""Single sign-on with an agency's identity provider (OpenID Connect, code flow with PKCE).

``begin`` keeps a pending login server-side and sends the browser to the provider with a
fresh state, nonce and PKCE challenge. The callback then runs in three steps, each in its
own transaction so no database lock is held while the provider is asked anything:
``take`` spends the pending login (a state answers one callback, from the browser that
began it, within ``LOGIN_LIFETIME``); ``identify`` exchanges the one-time code and checks
the ID token (``client.ProviderClient.verify``) and its nonce; ``admit`` links the person to
the account an admin made for them and opens the same web session a password sign-in does
(``riskpanel.auth.sessions.open_session``), recording how they signed in.

Nobody is created here: an identity is linked only to an existing, active account whose
email address the provider says it has verified and is in a domain that provider may vouch
for. Every refusal writes an audit row with a reason code and no personal data, then raises
``SsoRefused``; the caller commits it before showing the page.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from riskpanel.access.secrets import hash_secret, random_token
from riskpanel.auth import sessions, throttle
from riskpanel.auth.events import sign_in_event
from riskpanel.auth.oidc import repository
from riskpanel.auth.oidc.client import ProviderClient, ProviderFailed, TokenRefused
from riskpanel.auth.oidc.schemas import Refusal
from riskpanel.config import OidcProvider
from riskpanel.kit.principal import ANONYMOUS
from riskpanel.models import Agency, OidcIdentity, OidcLogin, User, utcnow

LOGIN_LIFETIME = timedelta(minutes=10)

#: ``amr`` values (RFC 8176) that mean the provider asked for more than one factor, or for
#: a factor stronger than a password (a hardware or software key held by the person, a
#: smart card, a biometric, a one-time code, proof of possession). A session whose ID token
#: carries any of them counts as having passed the second factor (``mfa_verified_at``);
#: otherwise the local second factor is asked as well. "pwd" alone never counts.
MFA_AMR = frozenset({"mfa", "mca", "otp", "hwk", "swk", "sc", "fpt", "face", "iris", "pop"})


class SsoRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Started:
    url: str  # where the browser goes: the provider's authorization endpoint
    browser_token: str  # the cookie that ties the callback to this browser


def begin(
    *,
    session: Session,
    client: ProviderClient,
    redirect_uri: str,
    key: str,
    next_path: str | None,
    now: datetime | None = None,
) -> Started:
    """Keep a pending login and say where to send the browser (``ProviderFailed`` if the
    provider's discovery document cannot be read)."""
    state, nonce, verifier, browser = (random_token() for _ in range(4))
    url = client.authorization_url(
        redirect_uri=redirect_uri, state=state, nonce=nonce, verifier=verifier
    )
    session.add(
        OidcLogin(
            provider=client.provider.slug,
            state_hash=hash_secret("oidc-state:" + state, key),
            nonce_hash=_nonce_hash(nonce, key),
            browser_hash=hash_secret("oidc-browser:" + browser, key),
            code_verifier=verifier,
            next_path=next_path,
            created_at=now or utcnow(),
        )
    )
    return Started(url=url, browser_token=browser)


def take(
    *,
    session: Session,
    provider: OidcProvider,
    params: Mapping[str, str],
    browser_token: str | None,
    key: str,
    now: datetime | None = None,
) -> OidcLogin:
    """Spend the pending login the callback's state names; refuse a stranger or a replay."""
    now = now or utcnow()
    state = params.get("state", "")
    login, first = repository.take_login(
        session=session,
        state_hash=hash_secret("oidc-state:" + state, key),
        provider=provider.slug,
        now=now,
    )
    if login is None or not state:
        raise refuse(session, provider, Refusal.STATE_UNKNOWN)
    if not first:
        raise refuse(session, provider, Refusal.STATE_REUSED)
    browser_hash = hash_secret("oidc-browser:" + (browser_token or ""), key)
    if not browser_token or not hmac.compare_digest(browser_hash, login.browser_hash):
        raise refuse(session, provider, Refusal.OTHER_BROWSER)
    if login.created_at + LOGIN_LIFETIME < now:
        raise refuse(session, provider, Refusal.LOGIN_EXPIRED)
    return login


def identify(
    *,
    session: Session,
    client: ProviderClient,
    login: OidcLogin,
    params: Mapping[str, str],
    redirect_uri: str,
    key: str,
) -> dict[str, Any]:
    """The checked claims of the ID token the callback's one-time code buys."""
    provider = client.provider
    code = params.get("code")
    if params.get("error") or not code:
        raise refuse(session, provider, Refusal.PROVIDER_REFUSED)
    try:
        id_token = client.exchange(
            code=code, verifier=login.code_verifier, redirect_uri=redirect_uri
        )
        claims = client.verify(id_token)
    except ProviderFailed:
        raise refuse(session, provider, Refusal.PROVIDER_FAILED) from None
    except TokenRefused:
        raise refuse(session, provider, Refusal.TOKEN_INVALID) from None
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(
        _nonce_hash(nonce, key), login.nonce_hash
    ):  # an ID token replayed from another sign-in carries that sign-in's nonce
        raise refuse(session, provider, Refusal.TOKEN_INVALID)
    return claims


def throttle_key(claims: Mapping[str, Any]) -> str:
    """What the sign-in throttle counts for this person: their email address, as a password
    sign-in would, else the provider's name for them."""
    email = claims.get("email")
    return email if isinstance(email, str) and email else f"{claims['iss']} {claims['sub']}"


def admit(
    *,
    session: Session,
    provider: OidcProvider,
    claims: Mapping[str, Any],
    key: str,
    max_age_seconds: int,
    taken: throttle.Claim,
    now: datetime | None = None,
) -> sessions.SignedIn:
    """Link the person to their account (first time) or find the link, and open a session."""
    now = now or utcnow()
    user = _linked_user(session, provider, claims, now)
    throttle.settle(session=session, taken=taken)
    signed = sessions.open_session(
        session=session, user=user, key=key, max_age_seconds=max_age_seconds, now=now
    )
    amr = [str(v) for v in claims.get("amr") or [] if isinstance(v, str)]
    web_session = signed.web_session
    web_session.auth_method = "oidc"
    web_session.amr = " ".join(amr)[:200] or None
    web_session.acr = str(claims["acr"])[:200] if claims.get("acr") else None
    web_session.authenticated_at = now
    web_session.mfa_verified_at = now if MFA_AMR.intersection(amr) else None
    session.add(web_session)
    session.flush()
    return signed


def _linked_user(
    session: Session, provider: OidcProvider, claims: Mapping[str, Any], now: datetime
) -> User:
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    found = repository.identity(session=session, issuer=issuer, subject=subject)
    if found is not None:
        user = session.get(User, found.user_id)
        _check_user(session, provider, user)
        found.last_used_at = now
        session.add(found)
        assert user is not None
        return user
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str) or "@" not in email:
        raise refuse(session, provider, Refusal.EMAIL_UNVERIFIED)
    if not provider.vouches_for(email):
        raise refuse(session, provider, Refusal.DOMAIN_NOT_VOUCHED)
    user = repository.user_by_email(session=session, email=email)
    _check_user(session, provider, user)
    assert user is not None and user.id is not None
    if repository.linked_at_issuer(session=session, issuer=issuer, user_id=user.id):
        raise refuse(session, provider, Refusal.ALREADY_LINKED, user.id)
    session.add(
        OidcIdentity(
            issuer=issuer,
            subject=subject,
            user_id=user.id,
            provider=provider.slug,
            linked_at=now,
            last_used_at=now,
        )
    )
    _audit(session, provider, "linked", user.id)
    return user


def _check_user(session: Session, provider: OidcProvider, user: User | None) -> None:
    if user is None:
        raise refuse(session, provider, Refusal.EMAIL_UNKNOWN)
    if not user.active:
        raise refuse(session, provider, Refusal.USER_DISABLED, user.id)
    if provider.agency is not None:
        agency = session.get(Agency, user.agency_id) if user.agency_id else None
        if agency is None or agency.name != provider.agency:
            raise refuse(session, provider, Refusal.OTHER_AGENCY, user.id)


def refuse(
    session: Session, provider: OidcProvider, reason: Refusal, user_id: int | None = None
) -> SsoRefused:
    """The audit row of a refused sign-in (a reason code, no personal data), and the error."""
    _audit(session, provider, "refused", user_id, reason=reason.value)
    return SsoRefused(reason)


def _audit(
    session: Session, provider: OidcProvider, outcome: str, user_id: int | None, **extra: str
) -> None:
    detail = {"outcome": outcome, "method": "oidc", "provider": provider.slug, **extra}
    sign_in_event(session, ANONYMOUS, user_id, **detail)


def _nonce_hash(nonce: str, key: str) -> str:
    return hash_secret("oidc-nonce:" + nonce, key)
