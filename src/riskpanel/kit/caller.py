"""The caller context: who asks, under which settings, and how far back they may look.

Services used to receive the principal, the settings and the agency access window as
separate arguments, threaded by hand through every call. A `Caller` is built once per
request (``riskpanel.api.caller``) or once per command, and passed on whole, so a new
rule that needs one more of these values does not change every signature on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from riskpanel.config import Settings
from riskpanel.kit import clock
from riskpanel.kit.principal import SYSTEM, Principal


@dataclass(frozen=True)
class Caller:
    principal: Principal
    settings: Settings

    @property
    def access_days(self) -> int:
        """Days after a case closes that its agencies may still read it (the access window)."""
        return int(self.settings.agency_access_days_after_closure)

    @property
    def now(self) -> datetime:
        """The request's clock (frozen in tests and in the demo's timeline)."""
        return clock.utcnow()


def system_caller(settings: Settings) -> Caller:
    """riskpanel itself, for timers and command-line work."""
    return Caller(principal=SYSTEM, settings=settings)
