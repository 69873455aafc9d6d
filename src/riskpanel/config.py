"""Settings from the environment (prefix ``RISKPANEL_``), validated once at start-up.

A missing or default secret is refused outside development, because a guessable key
would let anyone forge sessions and pseudonyms for the most sensitive data a council holds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - a marker, refused outside development
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """Find a top-level folder from a wheel (``riskpanel/_data``) or an editable checkout."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.exists():
        return packaged
    return _PACKAGE_DIR.parent.parent / name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RISKPANEL_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development", description="Deployment kind; production refuses unsafe defaults."
    )
    database_url: str = Field(
        "sqlite:///./riskpanel.db", description="SQLAlchemy URL: SQLite file or postgresql+psycopg"
    )
    secret_key: str = Field(DEV_SECRET, description="Signs sessions and CSRF tokens.")
    pseudonym_key: str = Field(
        "", description="HMAC key for scrutiny pseudonyms; kept outside the database."
    )
    templates_dir: Path = Field(default_factory=lambda: _bundled("templates"))
    workflows_dir: Path = Field(default_factory=lambda: _bundled("workflows"))
    data_dir: Path = Field(Path("./riskpanel-data"), description="PDF cache and backups.")
    timezone: str = "Europe/London"
    bank_holiday_division: str = "england-and-wales"
    base_url: str = Field("http://127.0.0.1:8000", description="Used in links in notifications.")
    session_max_age_seconds: int = 8 * 3600
    login_attempts_per_15_minutes: int = Field(
        5, ge=1, description="Sign-in attempts one account may make in a 15-minute window."
    )
    login_attempts_per_address_per_15_minutes: int = Field(
        30,
        ge=1,
        description="Sign-in attempts one client address may make in a 15-minute window, "
        "whichever accounts they name; a right password gives its attempt back.",
    )
    cookie_secure: bool | None = Field(None, description="Default: True when base_url is https.")
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
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        weak = self.secret_key == DEV_SECRET or len(self.secret_key) < 32
        if self.environment != "development" and weak:
            raise ValueError(
                "RISKPANEL_SECRET_KEY must be set to a random value of at least 32 "
                "characters outside development"
            )
        if not self.pseudonym_key:
            self.pseudonym_key = self.secret_key + ":pseudonym"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.base_url.startswith("https://")


@lru_cache
def get_settings() -> Settings:
    return Settings()
