"""Where the second factor is required by default: everywhere but development."""

from __future__ import annotations

from riskpanel.config import Settings

KEY = "k" * 40


def test_required_outside_development_unless_switched_off() -> None:
    assert Settings(environment="production", secret_key=KEY).mfa_enforced is True
    assert Settings(environment="test", secret_key=KEY).mfa_enforced is True
    assert Settings(environment="development").mfa_enforced is False
    assert (
        Settings(environment="production", secret_key=KEY, mfa_required=False).mfa_enforced is False
    )
    assert Settings(environment="development", mfa_required=True).mfa_enforced is True


def test_session_limits_default_to_thirty_minutes_idle_and_twelve_hours() -> None:
    settings = Settings()
    assert settings.session_idle_timeout_seconds == 30 * 60
    assert settings.session_max_age_seconds == 12 * 3600
    assert settings.fresh_authentication_seconds == 10 * 60
