"""The guard registry: names only, pure functions, each refusing with a reason."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from riskpanel.workflow import GUARDS, GuardContext, GuardResult, guard

TH = {"repeat_window_months": 12}
CASES = [
    ("route_recorded", GuardContext(fields={"route": "repeat"}), GuardContext()),
    ("route_recorded", GuardContext(route="high_risk"), GuardContext(fields={"route": ""})),
    (
        "route_evidenced",
        GuardContext(eligible_routes=frozenset({"repeat"}), fields={"route": "repeat"}),
        GuardContext(eligible_routes=frozenset({"repeat"}), fields={"route": "escalation"}),
    ),
    ("route_evidenced", GuardContext(route="x", eligible_routes=frozenset("x")), GuardContext()),
    ("strands_confirmed", GuardContext(strands_confirmed=True), GuardContext()),
    ("consent_basis_recorded", GuardContext(consent_basis_recorded=True), GuardContext()),
    ("on_agenda", GuardContext(on_agenda=True), GuardContext()),
    ("has_open_actions", GuardContext(open_actions=3), GuardContext(open_actions=0)),
    ("all_actions_resolved", GuardContext(), GuardContext(unresolved_actions=1)),
    ("within_repeat_window", GuardContext(within_repeat_window=True), GuardContext()),
]


@pytest.mark.parametrize(("name", "passing", "failing"), CASES)
def test_each_guard_passes_and_refuses_with_a_reason(
    name: str, passing: GuardContext, failing: GuardContext
) -> None:
    assert GUARDS[name](passing, TH) == GuardResult(True)
    refused = GUARDS[name](failing, TH)
    assert not refused.ok and len(refused.reason) > 10


def test_every_guard_has_a_case() -> None:
    assert {name for name, _, _ in CASES} == set(GUARDS)


def test_registering_twice_or_a_dotted_name_is_refused() -> None:
    def check(ctx: GuardContext, thresholds: Mapping[str, int]) -> GuardResult:
        return GuardResult(True)

    with pytest.raises(ValueError, match="already registered"):
        guard("on_agenda")(check)
    with pytest.raises(ValueError, match="lower_snake_case"):
        guard("os.system")(check)
    assert GUARDS["on_agenda"].check is not check
