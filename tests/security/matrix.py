"""The engine of the access matrix test: actors, objects, probes and the expectation rule.

The registry (which roles may use which route, and how to build its objects) is data in
``matrix_spec.py``; this module runs it. Every registered route is probed by every role,
for an object related to the actor and one that is not, and each answer is compared with
the expectation:

* a role the route allows gets the route's success status, or 404 for an object out of
  its reach when the route is object-scoped;
* anonymous callers get 401; any other role gets 403;
* a denial changes nothing in the database, answers problem+json, and carries none of the
  objects' sensitive values (the canaries).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, SQLModel

from riskpanel.auth import service as auth
from riskpanel.config import Settings
from riskpanel.models import ApiCredential, Case, Person, User, utcnow
from tests.fixtures import World
from tests.security import builders

ROLES = (
    "admin",
    "coordinator",
    "chair",
    "agency",
    "agency_client",
    "scrutiny",
    "auditor",
    "anonymous",
)
#: Which member of the test world plays each role (police is the "related" agency).
ACTORS = {
    "admin": "admin",
    "coordinator": "coordinator",
    "chair": "chair",
    "agency": "police_officer",
    "agency_client": "police_system",
    "scrutiny": "scrutiny",
    "auditor": "auditor",
    "anonymous": None,
}
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "request_id", "errors", "reason"}
PROBLEM_KEYS |= {"header", "current_etag", "retry_after", "allowed", "allowed_triggers"}


@dataclass
class Call:
    """What a builder returns: path parameters, and a body, headers or query if needed."""

    path: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)


class Ctx:
    """Objects for the builders. `related` means: within the reach of the acting role.

    The shared related case is on the test panel (coordinator and chair) and was referred
    by the police (the agency and agency_client actors); the unrelated case is on another
    panel, referred by an agency outside the test panel. Builders that change an object
    should ask for a fresh one (``fresh_case``) so probes stay independent.
    """

    def __init__(self, session: Session, world: World, settings: Settings) -> None:
        self.session = session
        self.world = world
        self.settings = settings
        self.secrets: set[str] = set()
        self._cases: dict[bool, Case] = {}
        self._panel: Any = None

    def _canary_victim(self, related: bool) -> Person:
        name = builders.unique("Canaryzq" if related else "Farzq").replace("-", "")
        self.secrets.add(name)
        return builders.make_person(self.session, family_name=name)

    def fresh_case(self, related: bool, **kw: Any) -> Case:
        if related:
            panel_id = self.world.panel.id or 0
            agency_id = self.world.agencies["police"].id
        else:
            if self._panel is None:
                self._panel = builders.other_panel(self.session, self.world.agencies["outsider"])
            panel_id, agency_id = self._panel.id, self.world.agencies["outsider"].id
        case = builders.make_case(
            self.session,
            panel_id=panel_id,
            referring_agency_id=agency_id,
            victim=self._canary_victim(related),
            **kw,
        )
        self.session.commit()
        return case

    def case(self, related: bool) -> Case:
        if related not in self._cases:
            self._cases[related] = self.fresh_case(related)
        return self._cases[related]

    def agency_id(self, related: bool) -> int:
        return self.world.agencies["police" if related else "outsider"].id or 0

    def fresh_user(self, role: str = "scrutiny") -> User:
        user = auth.create_user(
            session=self.session,
            email=f"{builders.unique('probe').lower()}@example.org",
            display_name="Probe User",
            role=role,
        )
        self.session.commit()
        return user

    def fresh_key(self, agency_id: int) -> ApiCredential:
        key, _ = auth.issue_agency_key(
            session=self.session,
            agency_id=agency_id,
            key=self.settings.secret_key,
            name="probe key",
            expires_at=utcnow() + timedelta(days=30),
        )
        self.session.commit()
        return key

    def headers_for(self, role: str) -> dict[str, str]:
        actor = ACTORS[role]
        return self.world.headers(actor) if actor else {}


Builder = Callable[[Ctx, str, bool], Call]


@dataclass(frozen=True)
class Route:
    """One registry entry. `scoped`: an object out of the actor's reach answers 404."""

    allowed: frozenset[str]
    build: Builder | None = None
    scoped: bool = False
    ok: frozenset[int] = frozenset({200})


@dataclass
class Probe:
    method: str
    path: str
    role: str
    relation: str
    expected: list[int]
    actual: int
    problems: list[str]

    @property
    def allowed(self) -> bool:
        return self.expected[0] < 400

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_statuses(route: Route, role: str, relation: str) -> frozenset[int]:
    if role in route.allowed:
        return frozenset({404}) if relation == "unrelated" and route.scoped else route.ok
    return frozenset({401}) if role == "anonymous" else frozenset({403})


def fingerprint(session: Session) -> list[tuple[str, Any]]:
    """Row counts of every table plus the mutable state a denial must not touch."""
    session.rollback()
    rows = session.execute(text(_fingerprint_sql())).all()
    session.rollback()
    return sorted((str(name), value) for name, value in rows)


@cache
def _fingerprint_sql() -> str:
    """One query for the whole fingerprint; the tables are fixed, so it is written once."""
    parts = []
    for table in SQLModel.metadata.sorted_tables:
        parts.append(f"SELECT '{table.name}', COUNT(*) FROM {table.name}")
        if "row_version" in table.c:
            parts.append(
                f"SELECT '{table.name}.v', COALESCE(SUM(row_version), 0) FROM {table.name}"
            )
    parts += [
        "SELECT 'users.active', COUNT(*) FROM app_user WHERE active",
        "SELECT 'keys.live', COUNT(*) FROM api_credential WHERE revoked_at IS NULL",
        "SELECT 'sessions.live', COUNT(*) FROM web_session WHERE ended_at IS NULL",
        "SELECT 'holds', COUNT(*) FROM case_file WHERE legal_hold",
        "SELECT 'erased', COUNT(*) FROM person WHERE erased_at IS NOT NULL",
    ]
    return " UNION ALL ".join(parts)


def _check_denial(response: Any, ctx: Ctx, before: Any, after: Any) -> list[str]:
    problems = []
    if before != after:
        changed = [a for a, b in zip(after, before, strict=False) if a != b]
        problems.append(f"denial changed the database: {changed[:3]}")
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        problems.append("denial is not problem+json")
    else:
        extra = set(response.json()) - PROBLEM_KEYS
        if extra:
            problems.append(f"denial body has unexpected keys {sorted(extra)}")
    leaked = [s for s in ctx.secrets if s in response.text]
    if leaked:
        problems.append(f"denial body leaks {leaked}")
    return problems


def probe(
    client: TestClient, ctx: Ctx, method: str, path: str, route: Route, role: str, relation: str
) -> Probe:
    call = route.build(ctx, role, relation == "related") if route.build else Call()
    expected = expected_statuses(route, role, relation)
    denial = min(expected) >= 400
    before = fingerprint(ctx.session) if denial else None
    url = path.format(**call.path)
    headers = {**ctx.headers_for(role), **call.headers}
    client.cookies.clear()  # a sign-in probe's cookie must not carry over to the next probe
    response = client.request(method, url, headers=headers, json=call.json, params=call.query)
    problems = []
    if response.status_code not in expected:
        problems.append(f"expected {sorted(expected)}, got {response.status_code}")
    if denial:
        problems += _check_denial(response, ctx, before, fingerprint(ctx.session))
    return Probe(method, path, role, relation, sorted(expected), response.status_code, problems)


@dataclass
class MatrixReport:
    probes: list[Probe]

    @property
    def mismatches(self) -> list[Probe]:
        return [p for p in self.probes if not p.ok]

    def summary(self) -> dict[str, int]:
        return {
            "routes": len({(p.method, p.path) for p in self.probes}),
            "probes": len(self.probes),
            "expected_allows": sum(p.allowed for p in self.probes),
            "expected_denies": sum(not p.allowed for p in self.probes),
            "mismatches": len(self.mismatches),
        }

    def as_json(self) -> str:
        return json.dumps(
            {
                "summary": self.summary(),
                "table": [
                    {
                        "method": p.method,
                        "path": p.path,
                        "role": p.role,
                        "object": p.relation,
                        "expected": p.expected,
                        "actual": p.actual,
                        "problems": p.problems,
                    }
                    for p in self.probes
                ],
            },
            indent=1,
        )


def run_matrix(client: TestClient, ctx: Ctx, routes: dict[tuple[str, str], Route]) -> MatrixReport:
    probes = []
    for (method, path), route in sorted(routes.items(), key=lambda item: (item[0][1], item[0][0])):
        relations = ("related", "unrelated") if route.build and "{" in path else ("-",)
        for role in ROLES:
            for relation in relations:
                probes.append(probe(client, ctx, method, path, route, role, relation))
    return MatrixReport(probes)
