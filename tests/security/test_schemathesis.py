"""Schemathesis over the whole API, once per role: no 5xx, and every answer conforms to the
document: its status is declared, its content type is the declared one, and its body (and
declared headers) match the schema.

Each role gets a fresh database and world, so one role's changes (an admin revoking a
key, say) cannot disturb another's run. Examples per operation are capped so the suite
stays fast (ARCHITECTURE "Decisions": cap Schemathesis examples in CI): an operation the
role may use gets RISKPANEL_FUZZ_EXAMPLES (10); one the access matrix says the role may not
use gets RISKPANEL_FUZZ_DENIED_EXAMPLES (3). The refusal comes before the input is read
(the access rule is the route's first dependency), so more inputs only repeat one 401 or
403; three still check that whatever is sent, the refusal conforms. Most of the 8 x 107
pairs are refusals, and they were most of the fuzzing's time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import BACKEND
from tests.fixtures import World
from tests.security.conftest import SUMMARY
from tests.security.matrix import ACTORS, ROLES
from tests.security.matrix_spec import ROUTES

MAX_EXAMPLES = int(os.environ.get("RISKPANEL_FUZZ_EXAMPLES", "10"))
DENIED_EXAMPLES = int(os.environ.get("RISKPANEL_FUZZ_DENIED_EXAMPLES", "3"))
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class FuzzTally:
    operations: int = 0
    refused: int = 0
    cases: int = 0
    server_errors: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)


def describe(exc: BaseException) -> str:
    """Each failure's kind and first lines (a FailureGroup's own message only counts them)."""
    parts = getattr(exc, "exceptions", None) or [exc]
    return " | ".join(" ".join(str(p).split())[:240] or type(p).__name__ for p in parts)


def fuzz_operation(
    operation: schemathesis.APIOperation, headers: dict[str, str], tally: FuzzTally, examples: int
) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: schemathesis.Case) -> None:
        tally.cases += 1
        try:
            response = case.call(headers=headers)
        except Exception as exc:
            tally.server_errors.append(f"{case.method} {case.path}: {type(exc).__name__}")
            return
        label = f"{case.method} {case.path} -> {response.status_code}"
        if response.status_code >= 500:
            tally.server_errors.append(label)
            return
        try:
            case.validate_response(response, checks=CONFORMANCE)
        except Exception as exc:
            tally.nonconforming.append(f"{label}: {describe(exc)}")

    try:
        run()
    except Exception as exc:  # hypothesis re-raises what it saw: record it, go on
        tally.nonconforming.append(f"{operation.method.upper()} {operation.path}: {describe(exc)}")


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_the_api_as(role: str, app: FastAPI, world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    actor = ACTORS[role]
    headers = world.headers(actor) if actor else {}
    tally = FuzzTally()
    for result in schema.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        route = ROUTES[(operation.method.upper(), operation.path)]
        allowed = role in route.allowed
        tally.refused += not allowed
        fuzz_operation(operation, headers, tally, MAX_EXAMPLES if allowed else DENIED_EXAMPLES)
    SUMMARY.append(
        f"schemathesis ({BACKEND}, {role}): {tally.operations} operations "
        f"({tally.refused} refused to the role), {tally.cases} cases, "
        f"{len(tally.server_errors)} server errors, {len(tally.nonconforming)} nonconforming"
    )
    assert not tally.server_errors, "\n".join(sorted(set(tally.server_errors)))
    assert not tally.nonconforming, "\n".join(sorted(set(tally.nonconforming))[:60])
