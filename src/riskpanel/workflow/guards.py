"""Guards by name, from a registry in code: a workflow file can only name these.

Nothing in a file is ever imported as a dotted path, so a workflow file cannot make
riskpanel run arbitrary code, and a typo fails at load time instead of mid-transition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GuardContext:
    """Facts about one case, gathered by the service layer from the database."""

    route: str | None = None
    eligible_routes: frozenset[str] = frozenset()
    strands_confirmed: bool = False
    consent_basis_recorded: bool = False
    on_agenda: bool = False
    open_actions: int = 0
    unresolved_actions: int = 0
    within_repeat_window: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GuardResult:
    ok: bool
    reason: str = ""


Guard = Callable[[GuardContext, Mapping[str, Any], Mapping[str, int]], GuardResult]
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    def register(func: Guard) -> Guard:
        GUARDS[name] = func
        return func

    return register


def _result(ok: bool, reason: str) -> GuardResult:
    return GuardResult(True) if ok else GuardResult(False, reason)


@guard("route_evidenced")
def route_evidenced(
    ctx: GuardContext, fields: Mapping[str, Any], _: Mapping[str, int]
) -> GuardResult:
    route = fields.get("route") or ctx.route
    if not route:
        return GuardResult(False, "no route into the panel was given")
    eligible = ", ".join(sorted(ctx.eligible_routes)) or "none"
    return _result(
        route in ctx.eligible_routes,
        f"route {route!r} has no evidence on this case (routes with evidence: {eligible})",
    )


@guard("strands_confirmed")
def strands_confirmed(
    ctx: GuardContext, _f: Mapping[str, Any], _t: Mapping[str, int]
) -> GuardResult:
    return _result(ctx.strands_confirmed, "the coordinator has not confirmed the strand flags")


@guard("consent_basis_recorded")
def consent_basis(ctx: GuardContext, _f: Mapping[str, Any], _t: Mapping[str, int]) -> GuardResult:
    return _result(
        ctx.consent_basis_recorded,
        "neither the victim's consent nor a reason for sharing without it is recorded",
    )


@guard("on_agenda")
def on_agenda(ctx: GuardContext, _f: Mapping[str, Any], _t: Mapping[str, int]) -> GuardResult:
    return _result(ctx.on_agenda, "the case is not on the agenda of an upcoming meeting")


@guard("has_open_actions")
def has_open_actions(
    ctx: GuardContext, _f: Mapping[str, Any], _t: Mapping[str, int]
) -> GuardResult:
    return _result(ctx.open_actions > 0, "no actions were agreed for this case")


@guard("all_actions_resolved")
def all_actions_resolved(
    ctx: GuardContext, _f: Mapping[str, Any], _t: Mapping[str, int]
) -> GuardResult:
    return _result(
        ctx.unresolved_actions == 0,
        f"{ctx.unresolved_actions} action(s) have no review outcome yet",
    )


@guard("within_repeat_window")
def within_repeat_window(
    ctx: GuardContext, _f: Mapping[str, Any], thresholds: Mapping[str, int]
) -> GuardResult:
    months = thresholds.get("repeat_window_months", 12)
    return _result(
        ctx.within_repeat_window,
        f"the last referral is more than {months} months old: make a new referral",
    )
