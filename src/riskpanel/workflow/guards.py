"""Guards by name, from a registry in code: a workflow file can only name these.

Nothing in a file is ever imported as a dotted path, so a workflow file cannot make
riskpanel run arbitrary code, and a typo fails at load time instead of mid-transition.
Each guard declares the caller-supplied fields and panel thresholds it reads, so the
loader can check a file gives it them and the trigger list can tell "blocked now" from
"needs input you have not typed yet".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GuardContext:
    """Facts about one case that the service layer reads from the database.

    Counts rather than rows, so the engine stays pure and the facts are cheap to gather.
    `fields` is not filled in by the service layer: the engine sets it to what the caller
    supplied with this command (e.g. the route chosen at screening).
    """

    route: str | None = None  # the route into the panel already recorded on the case
    eligible_routes: frozenset[str] = frozenset()  # routes the case's evidence supports
    strands_confirmed: bool = False  # strand flags checked at screening (HMICFRS 2018)
    consent_basis_recorded: bool = False  # consent, or a reason for sharing without it
    on_agenda: bool = False  # on the agenda of an upcoming meeting
    open_actions: int = 0  # agreed actions still in progress
    unresolved_actions: int = 0  # actions with no review outcome and not completed
    within_repeat_window: bool = False  # the last referral is inside the repeat window
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GuardResult:
    ok: bool
    reason: str = ""


GuardFunction = Callable[[GuardContext, Mapping[str, int]], GuardResult]


@dataclass(frozen=True)
class GuardSpec:
    """A registered guard and what it reads besides the case facts."""

    name: str
    check: GuardFunction
    fields: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()

    def __call__(self, ctx: GuardContext, thresholds: Mapping[str, int]) -> GuardResult:
        return self.check(ctx, thresholds)


GUARDS: dict[str, GuardSpec] = {}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def guard(
    name: str, *, fields: tuple[str, ...] = (), thresholds: tuple[str, ...] = ()
) -> Callable[[GuardFunction], GuardFunction]:
    """Register a pure guard under `name`; registering a name twice is a programming error."""

    def register(func: GuardFunction) -> GuardFunction:
        if not _NAME.match(name):
            raise ValueError(f"guard name {name!r} must be lower_snake_case")
        if name in GUARDS:
            raise ValueError(f"guard {name!r} is already registered")
        GUARDS[name] = GuardSpec(name, func, fields, thresholds)
        return func

    return register


def _result(ok: bool, reason: str) -> GuardResult:
    return GuardResult(True) if ok else GuardResult(False, reason)


def _route(ctx: GuardContext) -> str | None:
    route = ctx.fields.get("route") or ctx.route
    return str(route) if route else None


@guard("route_recorded", fields=("route",))
def route_recorded(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """A case is accepted only through a named route into the panel."""
    return _result(_route(ctx) is not None, "no route into the panel was given")


@guard("route_evidenced", fields=("route",))
def route_evidenced(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """The chosen route must be one the case's evidence supports (score, incidents ...)."""
    route = _route(ctx)
    if route is None:
        return GuardResult(False, "no route into the panel was given")
    eligible = ", ".join(sorted(ctx.eligible_routes)) or "none"
    return _result(
        route in ctx.eligible_routes,
        f"route {route!r} has no evidence on this case (routes with evidence: {eligible})",
    )


@guard("strands_confirmed")
def strands_confirmed(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """HMICFRS found hate crimes mis-flagged: a person confirms the strands at screening."""
    return _result(ctx.strands_confirmed, "the coordinator has not confirmed the strand flags")


@guard("consent_basis_recorded")
def consent_basis_recorded(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """Sharing rests on consent or a recorded reason to share without it."""
    return _result(
        ctx.consent_basis_recorded,
        "neither the victim's consent nor a reason for sharing without it is recorded",
    )


@guard("on_agenda")
def on_agenda(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """Listing means a place on a real agenda, so research has a meeting to be due before."""
    return _result(ctx.on_agenda, "the case is not on the agenda of an upcoming meeting")


@guard("has_open_actions")
def has_open_actions(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """'Actions open' with no action would never reach review; close with no action instead."""
    return _result(ctx.open_actions > 0, "no actions were agreed for this case")


@guard("all_actions_resolved")
def all_actions_resolved(ctx: GuardContext, _: Mapping[str, int]) -> GuardResult:
    """Review ends only when every unfinished action is marked completed, not possible or
    not done by the agency (DOMAIN section 4)."""
    return _result(
        ctx.unresolved_actions == 0,
        f"{ctx.unresolved_actions} action(s) have no review outcome yet",
    )


@guard("within_repeat_window", thresholds=("repeat_window_months",))
def within_repeat_window(ctx: GuardContext, thresholds: Mapping[str, int]) -> GuardResult:
    """A repeat returns without a new threshold check only inside the window."""
    months = thresholds.get("repeat_window_months")
    window = f"{months} months" if months is not None else "the repeat window"
    return _result(
        ctx.within_repeat_window,
        f"the last referral is more than {window} old: make a new referral",
    )
