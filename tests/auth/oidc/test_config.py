"""The providers file is read and checked when settings load: a mistake stops start-up."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from riskpanel.config import OidcProvider, Settings

ENTRY = {
    "slug": "north-police",
    "label": "North Police",
    "issuer": "https://login.example.test/north/v2.0",
    "client_id": "riskpanel",
    "email_domains": ["North.Police.Example", "@partners.example"],
}


def _settings(tmp_path: Path, *entries: dict[str, object]) -> Settings:
    path = tmp_path / "providers.json"
    path.write_text(json.dumps({"providers": list(entries)}), encoding="utf-8")
    return Settings(_env_file=None, oidc_providers_file=path)  # type: ignore[call-arg]


def test_the_secret_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NORTH_SSO_SECRET", "from-the-environment")
    settings = _settings(tmp_path, {**ENTRY, "client_secret_env": "NORTH_SSO_SECRET"})
    provider = settings.oidc_providers["north-police"]
    assert provider.client_secret is not None
    assert provider.client_secret.get_secret_value() == "from-the-environment"
    assert provider.email_domains == ("north.police.example", "partners.example")
    assert provider.vouches_for("A.Person@North.Police.Example")
    assert not provider.vouches_for("a.person@police.example")
    assert "from-the-environment" not in repr(provider)


def test_the_secret_comes_from_a_file_and_toml_works(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("from-a-file\n", encoding="utf-8")
    path = tmp_path / "providers.toml"
    path.write_text(
        "[[providers]]\n"
        + "".join(f"{k} = {json.dumps(v)}\n" for k, v in ENTRY.items())
        + f'client_secret_file = "{tmp_path / "secret"}"\n',
        encoding="utf-8",
    )
    settings = Settings(_env_file=None, oidc_providers_file=path)  # type: ignore[call-arg]
    secret = settings.oidc_providers["north-police"].client_secret
    assert secret is not None and secret.get_secret_value() == "from-a-file"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"client_secret_env": "RISKPANEL_TEST_UNSET_SECRET"}, "is missing or empty"),
        ({"client_secret_env": "HOME", "client_secret": "in-the-file"}, "never written"),
        ({"client_secret_env": "X", "client_secret_file": "/x"}, "exactly one"),
        ({"client_secret_env": "HOME", "issuer": "http://login.example.test"}, "https"),
        ({"client_secret_env": "HOME", "email_domains": []}, "email_domains"),
        ({"client_secret_env": "HOME", "slug": "Has Spaces"}, "slug"),
        ({"client_secret_env": "HOME", "scopes": ["email"]}, "openid"),
    ],
)
def test_a_bad_provider_stops_start_up(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _settings(tmp_path, {**ENTRY, **change})


def test_two_providers_may_not_share_a_slug(tmp_path: Path) -> None:
    entry = {**ENTRY, "client_secret_env": "HOME"}
    with pytest.raises(ValidationError, match="used twice"):
        _settings(tmp_path, entry, entry)


def test_no_file_means_no_providers_and_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert Settings(_env_file=None).oidc_providers == {}
    with pytest.raises(ValidationError, match="RISKPANEL_OIDC_PROVIDERS_FILE"):
        Settings(_env_file=None, oidc_providers_file=tmp_path / "absent.toml")  # type: ignore[call-arg]


def test_the_example_in_examples_is_a_valid_providers_file() -> None:
    example = Path(__file__).resolve().parents[3] / "examples" / "oidc-providers.toml"
    entries = tomllib.loads(example.read_text(encoding="utf-8"))["providers"]
    providers = [OidcProvider.model_validate(entry) for entry in entries]
    assert [p.slug for p in providers] == ["northshire-police", "northshire-council"]
    assert all(p.client_secret is None for p in providers)  # named, never written there
