from __future__ import annotations

import pytest
from pydantic import ValidationError

from riskpanel.config import DEV_SECRET, Settings


def test_default_secret_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="RISKPANEL_SECRET_KEY"):
        Settings(environment="production", secret_key=DEV_SECRET)
    with pytest.raises(ValidationError, match="RISKPANEL_SECRET_KEY"):
        Settings(environment="production", secret_key="short")
    assert Settings(environment="production", secret_key="k" * 40).secret_key == "k" * 40


def test_development_defaults_find_bundled_folders() -> None:
    s = Settings(_env_file=None)
    assert s.database_url.startswith("sqlite:///")
    assert (s.workflows_dir / "hate_crime_panel.yaml").is_file()
    assert s.templates_dir.is_dir()
    assert s.timezone == "Europe/London"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RISKPANEL_WORKFLOWS_DIR", str(tmp_path))
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", "sqlite:////tmp/other.db")
    s = Settings(_env_file=None)
    assert s.workflows_dir == tmp_path
    assert s.database_url == "sqlite:////tmp/other.db"
