"""Settings from the environment (prefix ``RISKPANEL_``), validated once at start-up.

A missing or default secret is refused outside development, because a guessable key
would let anyone forge sessions and pseudonyms for the most sensitive data a council holds.
"""

from __future__ import annotations

import json
import os
import tomllib
from functools import cached_property, lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - a marker, refused outside development
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """Find a top-level folder from a wheel (``riskpanel/_data``) or an editable checkout."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.exists():
        return packaged
    return _PACKAGE_DIR.parent.parent / name


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class OidcProvider(BaseModel):
    """One identity provider (OpenID Connect) that people of an agency sign in with.

    The secret is never written in the providers file: the file names the environment
    variable or the secret file that holds it, and loading reads it into ``client_secret``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="Used in addresses.")
    label: str = Field(min_length=1, max_length=80, description="'Sign in with <label>'.")
    issuer: str = Field(min_length=8, description="Exactly as the provider's `iss` says it.")
    client_id: str = Field(min_length=1)
    client_secret_env: str | None = Field(None, description="Environment variable name.")
    client_secret_file: Path | None = Field(None, description="A file holding the secret.")
    client_secret: SecretStr | None = Field(None, exclude=True, description="Read at load.")
    email_domains: tuple[str, ...] = Field(
        min_length=1, description="The email domains this provider may vouch for."
    )
    agency: str | None = Field(
        None, description="The agency's name in riskpanel: only its people may use this one."
    )
    scopes: tuple[str, ...] = ("openid", "email", "profile")

    @model_validator(mode="before")
    @classmethod
    def _no_secret_in_the_file(cls, data: object) -> object:
        if isinstance(data, dict) and "client_secret" in data:
            raise ValueError(
                "client_secret is never written in the providers file: name it with "
                "client_secret_env or client_secret_file"
            )
        return data

    @model_validator(mode="after")
    def _check(self) -> OidcProvider:
        parts = urlsplit(self.issuer)
        local = parts.hostname in LOOPBACK_HOSTS
        if parts.scheme != "https" and not (parts.scheme == "http" and local):
            raise ValueError("issuer must be an https address")
        if "openid" not in self.scopes:
            raise ValueError("scopes must include 'openid'")
        if (self.client_secret_env is None) == (self.client_secret_file is None):
            raise ValueError("give exactly one of client_secret_env or client_secret_file")
        domains = tuple(d.strip().lower().lstrip("@") for d in self.email_domains)
        object.__setattr__(self, "email_domains", domains)
        return self

    def vouches_for(self, email: str) -> bool:
        return email.rsplit("@", 1)[-1].lower() in self.email_domains

    def with_secret(self) -> OidcProvider:
        """The provider with its client secret read from the variable or file it names."""
        if self.client_secret_env is not None:
            secret = os.environ.get(self.client_secret_env, "")
            where = f"environment variable {self.client_secret_env}"
        else:
            assert self.client_secret_file is not None
            path = self.client_secret_file
            secret = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
            where = f"secret file {path}"
        if not secret:
            raise ValueError(f"provider {self.slug!r}: {where} is missing or empty")
        return self.model_copy(update={"client_secret": SecretStr(secret)})


def load_providers(path: Path) -> dict[str, OidcProvider]:
    """Read ``[[providers]]`` from a TOML or JSON file; any mistake names the file and field."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw.decode())
    except (OSError, ValueError) as exc:
        raise ValueError(f"RISKPANEL_OIDC_PROVIDERS_FILE {path}: {exc}") from None
    found: dict[str, OidcProvider] = {}
    for number, entry in enumerate(data.get("providers", []), start=1):
        try:
            provider = OidcProvider.model_validate(entry).with_secret()
        except (ValidationError, ValueError) as exc:
            raise ValueError(f"{path}, provider {number}: {exc}") from None
        if provider.slug in found:
            raise ValueError(f"{path}: provider slug {provider.slug!r} is used twice")
        found[provider.slug] = provider
    if not found:
        raise ValueError(f"{path}: no [[providers]] listed")
    return found


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RISKPANEL_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development", description="Deployment kind; production refuses unsafe defaults."
    )
    database_url: str = Field(
        "sqlite:///./riskpanel.db",
        description="SQLAlchemy URL: SQLite file or postgresql+psycopg. On PostgreSQL this is "
        "the runtime role the app runs as (owns nothing; see `riskpanel db roles`).",
    )
    owner_database_url: str | None = Field(
        None,
        description="PostgreSQL: the URL of the role that owns the schema, used by "
        "`riskpanel db upgrade` and `riskpanel db roles`. Default: database_url (one role).",
    )
    secret_key: str = Field(DEV_SECRET, description="Signs sessions and CSRF tokens.")
    pseudonym_key: str = Field(
        "", description="HMAC key for scrutiny pseudonyms; kept outside the database."
    )
    audit_key: str = Field(
        "",
        description="HMAC key that seals the access log's chain and signs its checkpoints; "
        "kept outside the database. Default: derived from the secret key.",
    )
    audit_checkpoint_dir: Path | None = Field(
        None,
        description="Where `riskpanel tick` writes signed access log checkpoints (outside the "
        "database). Default: <data_dir>/audit-checkpoints.",
    )
    templates_dir: Path = Field(default_factory=lambda: _bundled("templates"))
    workflows_dir: Path = Field(default_factory=lambda: _bundled("workflows"))
    data_dir: Path = Field(Path("./riskpanel-data"), description="PDF cache and backups.")
    timezone: str = "Europe/London"
    bank_holiday_division: str = "england-and-wales"
    base_url: str = Field("http://127.0.0.1:8000", description="Used in links in notifications.")
    session_max_age_seconds: int = Field(
        12 * 3600,
        ge=60,
        description="Absolute lifetime of a web session, however active: after it the person "
        "signs in again.",
    )
    session_idle_timeout_seconds: int = Field(
        30 * 60,
        ge=60,
        description="A web session with no request for this long ends (idle timeout).",
    )
    fresh_authentication_seconds: int = Field(
        10 * 60,
        ge=30,
        description="Sensitive actions (releasing a scrutiny pack, issuing or rotating an API "
        "key) need a password (and second factor) entered within this long.",
    )
    mfa_required: bool | None = Field(
        None,
        description="Whether people must pass a second factor (TOTP) after their password. "
        "Default: required in every environment except development.",
    )
    login_attempts_per_15_minutes: int = Field(
        5, ge=1, description="Sign-in attempts one account may make in a 15-minute window."
    )
    login_attempts_per_address_per_15_minutes: int = Field(
        30,
        ge=1,
        description="Sign-in attempts one client address may make in a 15-minute window, "
        "whichever accounts they name; a right password gives its attempt back.",
    )
    invitation_hours: int = Field(
        72,
        ge=1,
        le=720,
        description="Hours a new person's one-time link to set their password stays valid.",
    )
    account_approval: Literal["second_person", "none"] = Field(
        "second_person",
        description="second_person: a new account (or one given a new role) stays inactive "
        "until a second person approves it (another admin than the one who asked for it, a "
        "chair, or `riskpanel users approve`), and no admin may create one for their own "
        "email. none: active at once (a one-person deployment; the admin can then read what "
        "the admin role is denied).",
    )
    cookie_secure: bool | None = Field(None, description="Default: True when base_url is https.")
    webhook_allowed_networks: str = Field(
        "",
        description="Comma-separated CIDR networks webhooks may be sent to although they are "
        "not public addresses (on-premises receivers), e.g. '10.20.0.0/16, fd12:3456::/48'. "
        "Empty (the default): only public addresses; loopback, link-local, private, "
        "shared (CGNAT), multicast, reserved and unspecified addresses are refused.",
    )
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "riskpanel@localhost"
    agency_access_days_after_closure: int = 90
    sqlite_busy_timeout_ms: int = 15000
    max_concurrent_requests: int = Field(
        32,
        ge=1,
        le=500,
        description="Requests served at once by one worker process; later ones wait in "
        "arrival order. Kept below the worker's threads and database connections.",
    )
    render_worker_nice: int = Field(
        10,
        ge=0,
        le=19,
        description="How much lower the PDF worker processes' CPU priority is than the web "
        "process's (added to its niceness; 0 keeps the same priority), so a long render "
        "cannot slow the pages and API answers it shares the cores with.",
    )
    agenda_proposal_section_limit: int = Field(
        25,
        ge=1,
        le=49,
        description="The most cases the proposed agenda holds per section (new cases, repeat "
        "cases, reviews, 12-month notices) and lists as deferred past the cut-off, the most "
        "pressing first; the page says how many follow at later meetings. At most 49, so a "
        "whole proposal fits the 200 items an agenda holds. The proposal API's `limit` "
        "overrides it per request.",
    )
    log_level: str = "INFO"
    oidc_providers_file: Path | None = Field(
        None,
        description="A TOML or JSON file listing the identity providers people may sign in "
        "with (OpenID Connect), one per agency or for the panel's host; see README, "
        "'Single sign-on'. Client secrets come from an environment variable or a secret file "
        "it names, never from the file itself. Unset: password sign-in only.",
    )

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        weak = self.secret_key == DEV_SECRET or len(self.secret_key) < 32
        if self.environment != "development" and weak:
            raise ValueError(
                "RISKPANEL_SECRET_KEY must be set to a random value of at least 32 "
                "characters outside development"
            )
        self.webhook_networks  # noqa: B018 - a bad CIDR stops start-up, not a delivery
        self.oidc_providers  # noqa: B018 - a bad provider file stops start-up, not a sign-in
        if not self.pseudonym_key:
            self.pseudonym_key = self.secret_key + ":pseudonym"
        if not self.audit_key:
            self.audit_key = self.secret_key + ":audit"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def webhook_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """The allow-list as networks; a typo in it is refused when settings load."""
        try:
            return tuple(
                ip_network(part.strip(), strict=False)
                for part in self.webhook_allowed_networks.split(",")
                if part.strip()
            )
        except ValueError as exc:
            raise ValueError(f"RISKPANEL_WEBHOOK_ALLOWED_NETWORKS: {exc}") from None

    @cached_property
    def oidc_providers(self) -> dict[str, OidcProvider]:
        """The identity providers by slug, their secrets read (``load_providers``)."""
        if self.oidc_providers_file is None:
            return {}
        return load_providers(self.oidc_providers_file)

    @property
    def mfa_enforced(self) -> bool:
        """The second factor is asked for unless switched off, or in development by default."""
        if self.mfa_required is not None:
            return self.mfa_required
        return self.environment != "development"

    @property
    def migration_url(self) -> str:
        """Migrations and grants run as the schema's owner, never as the runtime role."""
        return self.owner_database_url or self.database_url

    @property
    def checkpoint_dir(self) -> Path:
        return self.audit_checkpoint_dir or self.data_dir / "audit-checkpoints"

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.base_url.startswith("https://")


@lru_cache
def get_settings() -> Settings:
    return Settings()
