"""Access-matrix entries for the legal-hold routes (``matrix_spec`` merges ``ENTRIES``).

Related cases are the test panel's; unrelated ones another panel's, which the coordinator
cannot see (404). Each probe holds a fresh case, so the probes stay independent.
"""

from __future__ import annotations

from riskpanel.kit.principal import SYSTEM
from riskpanel.retention.service import set_legal_hold
from tests.security.matrix import Call, Ctx, Route

REASON = {"reason": "A civil claim against the landlord: the court may ask for these records."}


def hold_body(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": ctx.fresh_case(related).id}, json=REASON)


def held_case(ctx: Ctx, role: str, related: bool) -> Call:
    case = ctx.fresh_case(related)
    set_legal_hold(
        session=ctx.session, principal=SYSTEM, hold=True, case_id=case.id, reason="Probe hold."
    )
    ctx.session.commit()
    return Call(path={"case_id": case.id}, json={"reason": "The claim was settled."})


ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/legal-holds"): Route(allowed=frozenset({"coordinator", "auditor"})),
    ("POST", "/api/v1/cases/{case_id}/legal-hold"): Route(
        allowed=frozenset({"coordinator"}), build=hold_body, scoped=True, ok=frozenset({201})
    ),
    ("POST", "/api/v1/cases/{case_id}/legal-hold/lift"): Route(
        allowed=frozenset({"coordinator"}), build=held_case, scoped=True
    ),
}
