"""`riskpanel redact`: the privacy package's redactor on standard input."""

from riskpanel.privacy.cli import register

__all__ = ["register"]
