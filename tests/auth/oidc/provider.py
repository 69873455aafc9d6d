"""An OpenID provider for the tests, served over real HTTP on 127.0.0.1 (Starlette, uvicorn).

It serves a discovery document, its JWKS, an authorize endpoint that signs in one
configured person without asking (``TestProvider.person``), and a token endpoint that checks
the client's secret, the one-time code, the redirect address and the PKCE verifier before
it hands out an ID token signed with its own RSA keys (joserfc). Tests make it misbehave on
purpose through ``TestProvider.tamper``: another audience, a forged signature, an expired
token, a different state, or an ID token replayed from an earlier sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus, urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.web.live import serve

CLIENT_ID = "riskpanel-test-client"
CLIENT_SECRET = "test-client-secret-" + "s" * 24


@dataclass
class Person:
    """Who the provider says signed in."""

    sub: str
    email: str
    email_verified: bool = True
    amr: tuple[str, ...] = ("pwd",)
    acr: str | None = None


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig"}, private=True)


@dataclass
class TestProvider:
    person: Person
    issuer: str = ""
    keys: list[RSAKey] = field(default_factory=lambda: [new_key("key-1")])
    tamper: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    issued: list[str] = field(default_factory=list)
    jwks_fetches: int = 0
    discovery_fetches: int = 0

    __test__ = False  # not a pytest test class

    def rotate(self) -> RSAKey:
        """A new signing key with a new kid; the old one is no longer published."""
        key = new_key(f"key-{len(self.keys) + 1}-{secrets.token_hex(2)}")
        self.keys = [key]
        return key

    # --- endpoints --------------------------------------------------------------------------

    def discovery(self, request: Request) -> Response:
        self.discovery_fetches += 1
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }
        )

    def jwks(self, request: Request) -> Response:
        self.jwks_fetches += 1
        return JSONResponse(KeySet(list(self.keys)).as_dict(private=False))

    def authorize(self, request: Request) -> Response:
        q = request.query_params
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        if "openid" not in q.get("scope", "").split():
            return JSONResponse({"error": "invalid_scope"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": q["redirect_uri"],
            "challenge": q["code_challenge"],
            "nonce": q.get("nonce"),
        }
        answer = {"code": code, "state": self.tamper.get("state", q.get("state", ""))}
        if self.tamper.get("deny"):
            answer = {"error": "access_denied", "state": q.get("state", "")}
        return RedirectResponse(f"{q['redirect_uri']}?{urlencode(answer)}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = await request.form()
        if not self._client_ok(request.headers.get("authorization", "")):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.codes.pop(str(form.get("code")), None)  # one use only
        verifier = str(form.get("code_verifier", ""))
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant["redirect_uri"]
            or challenge != grant["challenge"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        id_token = self._id_token(grant["nonce"])
        self.issued.append(id_token)
        return JSONResponse({"access_token": "at", "token_type": "Bearer", "id_token": id_token})

    def _client_ok(self, header: str) -> bool:
        scheme, _, value = header.partition(" ")
        if scheme != "Basic":
            return False
        user, _, password = base64.b64decode(value).decode().partition(":")
        return unquote_plus(user) == CLIENT_ID and unquote_plus(password) == CLIENT_SECRET

    def _id_token(self, nonce: str | None) -> str:
        if self.tamper.get("replay") and self.issued:
            return self.issued[0]
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": self.person.sub,
            "aud": self.tamper.get("aud", CLIENT_ID),
            "iat": now + self.tamper.get("shift", 0),
            "exp": now + self.tamper.get("shift", 0) + 300,
            "nonce": nonce,
            "email": self.person.email,
            "email_verified": self.person.email_verified,
            "amr": list(self.person.amr),
        }
        if self.person.acr:
            claims["acr"] = self.person.acr
        key = self.keys[0]
        signer = self.tamper.get("sign_with", key)
        header = {"alg": "RS256", "kid": key.kid}
        return jwt.encode(header, claims, signer)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
            ]
        )


@contextmanager
def running(person: Person) -> Iterator[TestProvider]:
    provider = TestProvider(person=person)
    with serve(provider.app()) as url:  # type: ignore[arg-type]
        provider.issuer = url
        yield provider
