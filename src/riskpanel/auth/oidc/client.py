"""Talking to one identity provider: discovery, signing keys, the code exchange, ID tokens.

The discovery document is fetched over HTTP and kept for ``DISCOVERY_TTL``; the provider's
signing keys (JWKS) are kept until an ID token names a key id (``kid``) they do not hold,
then fetched again once: that is how a provider's key rotation reaches us without a restart,
and a token signed by a key the provider never published still fails. Signatures and claims
are checked by joserfc, never by hand; only asymmetric algorithms the provider announces are
accepted (never ``none`` or a shared-secret HMAC, which the client secret could forge).
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from riskpanel.config import OidcProvider

DISCOVERY_TTL = 3600.0  # seconds
HTTP_TIMEOUT = 10.0
LEEWAY = 60  # seconds of clock difference allowed on exp and iat
ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class ProviderFailed(Exception):
    """The provider could not be reached, or answered something we cannot use."""


class TokenRefused(Exception):
    """The ID token failed a check: signature, issuer, audience, expiry or nonce."""


@dataclass(frozen=True)
class Metadata:
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]
    basic_auth: bool  # client_secret_basic (the default), else client_secret_post


def code_challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636 section 4.2): base64url of the verifier's SHA-256, unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class ProviderClient:
    """One provider's discovery document and keys, cached and shared by every request."""

    def __init__(self, provider: OidcProvider) -> None:
        self.provider = provider
        self._lock = threading.Lock()
        self._metadata: tuple[float, Metadata] | None = None
        self._keys: KeySet | None = None

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = httpx.get(url, timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderFailed(f"{self.provider.slug}: {type(exc).__name__}") from None
        if not isinstance(data, dict):
            raise ProviderFailed(f"{self.provider.slug}: not a JSON object")
        return data

    def metadata(self) -> Metadata:
        with self._lock:
            if self._metadata and time.monotonic() - self._metadata[0] < DISCOVERY_TTL:
                return self._metadata[1]
        url = self.provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        found = self._get_json(url)
        if found.get("issuer") != self.provider.issuer:
            raise ProviderFailed(f"{self.provider.slug}: discovery names another issuer")
        try:
            announced = found.get("id_token_signing_alg_values_supported") or ["RS256"]
            methods = found.get("token_endpoint_auth_methods_supported") or []
            metadata = Metadata(
                authorization_endpoint=str(found["authorization_endpoint"]),
                token_endpoint=str(found["token_endpoint"]),
                jwks_uri=str(found["jwks_uri"]),
                algorithms=tuple(a for a in announced if a in ALGORITHMS) or ("RS256",),
                basic_auth=not methods or "client_secret_basic" in methods,
            )
        except KeyError as exc:
            raise ProviderFailed(f"{self.provider.slug}: discovery lacks {exc}") from None
        with self._lock:
            self._metadata = (time.monotonic(), metadata)
        return metadata

    def keys(self, *, refresh: bool = False) -> KeySet:
        with self._lock:
            if self._keys is not None and not refresh:
                return self._keys
        try:
            keys = KeySet.import_key_set(self._get_json(self.metadata().jwks_uri))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError) as exc:
            raise ProviderFailed(f"{self.provider.slug}: unusable JWKS ({exc})") from None
        with self._lock:
            self._keys = keys
        return keys

    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        query = {
            "response_type": "code",
            "client_id": self.provider.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(self.provider.scopes),
            "state": state,
            "nonce": nonce,
            "code_challenge": code_challenge(verifier),
            "code_challenge_method": "S256",
        }
        endpoint = self.metadata().authorization_endpoint
        return endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)

    def exchange(self, *, code: str, verifier: str, redirect_uri: str) -> str:
        """The ID token for a one-time code (authenticated with the client secret)."""
        metadata = self.metadata()
        stored = self.provider.client_secret
        secret = stored.get_secret_value() if stored else ""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        headers = {"Accept": "application/json"}
        if metadata.basic_auth:  # RFC 6749 2.3.1: form-encode both before Basic
            pair = f"{quote_plus(self.provider.client_id)}:{quote_plus(secret)}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form.update(client_id=self.provider.client_id, client_secret=secret)
        try:
            response = httpx.post(
                metadata.token_endpoint, data=form, headers=headers, timeout=HTTP_TIMEOUT
            )
            response.raise_for_status()
            token = response.json().get("id_token")
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            failure = f"{self.provider.slug}: token request {type(exc).__name__}"
            raise ProviderFailed(failure) from None
        if not isinstance(token, str):
            raise ProviderFailed(f"{self.provider.slug}: no ID token in the answer")
        return token

    def verify(self, id_token: str) -> dict[str, Any]:
        """The ID token's claims once its signature, issuer, audience and times hold.

        The nonce is compared by the caller, which holds only its hash.
        """
        algorithms = self.metadata().algorithms
        try:
            try:
                token = jwt.decode(id_token, self.keys(), algorithms=algorithms)
            except InvalidKeyIdError:  # a key the provider rotated in since we fetched
                token = jwt.decode(id_token, self.keys(refresh=True), algorithms=algorithms)
            claims = dict(token.claims)
            self._registry().validate(claims)
        except (JoseError, ValueError, TypeError) as exc:
            raise TokenRefused(type(exc).__name__) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise TokenRefused("azp")
        return claims

    def _registry(self) -> jwt.JWTClaimsRegistry:
        return jwt.JWTClaimsRegistry(
            leeway=LEEWAY,
            iss={"essential": True, "value": self.provider.issuer},
            aud={"essential": True, "value": self.provider.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True},
        )


class Directory:
    """A client per configured provider, made on first use and kept for the app's life.

    Each request to a provider opens its own connection (``httpx.get``/``post``, which
    follow no redirects): a sign-in makes at most four, and nothing is left open.
    """

    def __init__(self, providers: dict[str, OidcProvider]) -> None:
        self._providers = providers
        self._clients: dict[str, ProviderClient] = {}
        self._lock = threading.Lock()

    def client(self, slug: str) -> ProviderClient | None:
        provider = self._providers.get(slug)
        if provider is None:
            return None
        with self._lock:
            if slug not in self._clients:
                self._clients[slug] = ProviderClient(provider)
            return self._clients[slug]
