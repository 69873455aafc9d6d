"""An app configured with one identity provider, the test provider running on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from riskpanel.config import Settings
from tests.auth.oidc.provider import CLIENT_ID, CLIENT_SECRET, Person, TestProvider, running
from tests.conftest import make_settings

SLUG = "testshire-police"
LABEL = "Testshire Police"


@pytest.fixture
def provider() -> Iterator[TestProvider]:
    """Signs in the world's police officer unless a test says otherwise."""
    with running(Person(sub="op-subject-1", email="police_officer@example.org")) as op:
        yield op


def providers_file(tmp_path: Path, issuer: str, **extra: str) -> Path:
    secret = tmp_path / "sso-client-secret"
    secret.write_text(CLIENT_SECRET + "\n", encoding="utf-8")
    lines = [
        "[[providers]]",
        f'slug = "{SLUG}"',
        f'label = "{LABEL}"',
        f'issuer = "{issuer}"',
        f'client_id = "{CLIENT_ID}"',
        f'client_secret_file = "{secret}"',
        'email_domains = ["example.org"]',
        *(f'{name} = "{value}"' for name, value in extra.items()),
    ]
    path = tmp_path / "providers.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def settings(
    database_url: str, owner_database_url: str, tmp_path: Path, provider: TestProvider
) -> Settings:
    """The usual test settings (tests/conftest.py) with the provider file added."""
    base = make_settings(database_url, owner_database_url, tmp_path / "data")
    return Settings.model_validate(
        {**base.model_dump(), "oidc_providers_file": providers_file(tmp_path, provider.issuer)}
    )


def through_provider(client: TestClient, start: str = f"/sign-in/oidc/{SLUG}") -> httpx.Response:
    """Start at riskpanel, let the provider (real HTTP) sign in, come back: the callback's
    answer. The provider redirects to the configured base address; only its path and query
    are taken back to the app under test."""
    began = client.get(start, follow_redirects=False)
    assert began.status_code == 303, began.text
    at_provider = httpx.get(began.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302, at_provider.text
    back = httpx.URL(at_provider.headers["location"])
    return client.get(f"{back.path}?{back.query.decode()}", follow_redirects=False)
