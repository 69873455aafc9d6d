"""The write-side access matrix, generated from the declared authority table.

Every API write route of ``riskpanel.access.authority.AUTHORITY`` is probed by every role,
and the roles the table admits are probed once per relationship scenario. The objects come
from the read matrix's builders (``matrix_spec.ROUTES``), run through a context whose
"related" objects follow the scenario, so one builder serves every scenario:

* ``own``: the relation holds (police, a current member, referred the case on the test
  panel; the panel roles' own panel);
* ``other_member``: housing, another current member, acts on the police's object;
* ``non_member``: the outside agency referred a case on the test panel (it can see it);
* ``other_panel``: the object is on another panel (the read matrix's unrelated object);
* ``expired_agreement``: a member whose information-sharing agreement has expired;
* ``closed_beyond_window``: the police's case closed before the access window;
* ``left_panel``: a member agency that left the panel yesterday, on a case it referred.

The expectation follows from the table alone: a role the entry admits gets the route's
success status where its relation holds (``HOLDS``), else a denial (403, or 404 for an
object it cannot see); other roles 403; anonymous 401. Every denial leaves the database
unchanged, answers problem+json and carries no canary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.access.authority import AUTHORITY, Relation
from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.agencies.service import create_agency
from riskpanel.auth import service as auth
from riskpanel.config import Settings
from riskpanel.models import Case, PanelMembership, utcnow
from riskpanel.models.enums import AgencyKind
from tests.fixtures import World
from tests.security import builders
from tests.security.matrix import ROLES, Ctx, Probe, Route, _check_denial, fingerprint

AGENCY_ROLES = ("agency", "agency_client")
DENIED = frozenset({403, 404})
#: scenario -> (acting agency, agency that referred the object's case, closed long ago)
SCENARIOS: dict[str, tuple[str, str, bool]] = {
    "own": ("police", "police", False),
    "other_member": ("housing", "police", False),
    "non_member": ("outsider", "outsider", False),
    "expired_agreement": ("expired", "expired", False),
    "closed_beyond_window": ("police", "police", True),
    "left_panel": ("leaver", "leaver", False),
}
#: the agency scenarios in which each relation holds for the acting agency
HOLDS: dict[Relation, frozenset[str]] = {
    Relation.MEMBER_AGENCY: frozenset({"own"}),
    Relation.RESEARCH_ASKED: frozenset({"own"}),
    Relation.LEAD_CONTACT: frozenset({"own"}),
    Relation.ACTION_OWNER: frozenset({"own", "non_member", "left_panel"}),
    Relation.REFERRING_AGENCY: frozenset({"own", "non_member", "left_panel"}),
    Relation.PANEL_MEMBER_REFERRER: frozenset({"own", "other_member"}),
    # the builders make the object for the scenario's referrer: the actor's own but for
    # other_member (the police's endpoint, which housing cannot find)
    Relation.OWN_AGENCY: frozenset(
        {"own", "non_member", "expired_agreement", "closed_beyond_window", "left_panel"}
    ),
}


def add_scenario_agencies(session: Session, world: World, settings: Settings) -> None:
    """Two more members of the test panel: one whose agreement expired, one that left."""
    today = date.today()
    for key, expires in (("expired", today - timedelta(days=1)), ("leaver", date(2030, 1, 1))):
        agency = create_agency(
            session=session,
            data=AgencyCreate(
                name=f"Test {key.title()}",
                kind=AgencyKind.HOUSING,
                isa_signed_on=date(2025, 1, 1),
                isa_expires_on=expires,
            ),
        )
        left = today - timedelta(days=1) if key == "leaver" else None
        session.add(
            PanelMembership(
                panel_id=world.panel.id or 0,
                agency_id=agency.id or 0,
                joined_on=date(2025, 1, 1),
                left_on=left,
            )
        )
        user = auth.create_user(
            session=session,
            email=f"{key}_officer@example.org",
            display_name=f"{key.title()} Officer",
            role="agency",
            agency_id=agency.id,
            password="correct horse battery staple",
        )
        world.agencies[key] = agency
        world.tokens[f"{key}_officer"] = auth.issue_personal_token(
            session=session, user=user, key=settings.secret_key
        )
        _, world.tokens[f"{key}_system"] = auth.issue_agency_key(
            session=session,
            agency_id=agency.id or 0,
            key=settings.secret_key,
            name=f"{key} system",
            expires_at=None,
        )
    session.commit()


class ScenarioCtx(Ctx):
    """The read matrix's context, with "related" objects and actors set by a scenario."""

    scenario = "own"

    def _parts(self) -> tuple[str, str, bool]:
        return SCENARIOS[self.scenario]

    def fresh_case(self, related: bool, **kw: Any) -> Case:
        if not related:
            return super().fresh_case(False, **kw)
        _, referrer, closed = self._parts()
        if closed and "closed_at" not in kw:
            days = self.settings.agency_access_days_after_closure + 30
            kw = {"state": "closed", **kw, "closed_at": utcnow() - timedelta(days=days)}
        case = builders.make_case(
            self.session,
            panel_id=self.world.panel.id or 0,
            referring_agency_id=self.world.agencies[referrer].id,
            victim=self._canary_victim(True),
            **kw,
        )
        self.session.commit()
        return case

    def case(self, related: bool) -> Case:
        key: Any = (related, self.scenario if related else "-")
        if key not in self._cases:
            self._cases[key] = self.fresh_case(related)
        return self._cases[key]

    def agency_id(self, related: bool) -> int:
        return self.world.agencies[self._parts()[1] if related else "outsider"].id or 0

    def headers_for(self, role: str) -> dict[str, str]:
        if role in AGENCY_ROLES:
            actor = self._parts()[0]
            return self.world.headers(f"{actor}_{'officer' if role == 'agency' else 'system'}")
        return super().headers_for(role)


@dataclass(frozen=True)
class Target:
    """One API write route: its table entry and the read matrix's builder for it."""

    operation: str
    method: str
    path: str
    route: Route


def targets(registry: dict[tuple[str, str], Route]) -> list[Target]:
    found = []
    for operation, entry in sorted(AUTHORITY.items()):
        for method, path in entry.routes:
            if path.startswith("/api/v1/"):
                found.append(Target(operation, method, path, registry[(method, path)]))
    return found


def expected(target: Target, role: str, scenario: str) -> frozenset[int]:
    entry = AUTHORITY[target.operation]
    if entry.public:
        return target.route.ok
    if role not in entry.roles:
        return frozenset({401}) if role == "anonymous" else frozenset({403})
    if scenario == "other_panel":
        return DENIED if target.route.scoped else target.route.ok
    if role in AGENCY_ROLES:
        relations = entry.relations_for(role)
        held = any(scenario in HOLDS.get(r, frozenset({"own"})) for r in relations)
        return target.route.ok if held else DENIED
    return target.route.ok


def scenarios_for(target: Target, role: str) -> list[str]:
    """Object routes: own and another panel for every role; the agency scenarios for the
    agency roles the entry admits. Routes without an object: one probe per role."""
    if target.route.build is None or "{" not in target.path:
        return ["own"]
    if role in AGENCY_ROLES and role in AUTHORITY[target.operation].roles:
        return [*SCENARIOS, "other_panel"]
    return ["own", "other_panel"]


def probe(client: TestClient, ctx: ScenarioCtx, target: Target, role: str, scenario: str) -> Probe:
    ctx.scenario = "own" if scenario == "other_panel" else scenario
    related = scenario != "other_panel"
    assert target.route.build is not None or not related or "{" not in target.path
    call = target.route.build(ctx, role, related) if target.route.build else None
    want = expected(target, role, scenario)
    denial = min(want) >= 400
    before = fingerprint(ctx.session) if denial else None
    url = target.path.format(**(call.path if call else {}))
    headers = {**ctx.headers_for(role), **(call.headers if call else {})}
    client.cookies.clear()
    response = client.request(
        target.method,
        url,
        headers=headers,
        json=call.json if call else None,
        params=call.query if call else None,
    )
    problems = []
    if response.status_code not in want:
        problems.append(
            f"expected {sorted(want)}, got {response.status_code}: {response.text[:160]}"
        )
    if denial:
        problems += _check_denial(response, ctx, before, fingerprint(ctx.session))
    return Probe(
        target.method, target.path, role, scenario, sorted(want), response.status_code, problems
    )


def run_write_matrix(
    client: TestClient, ctx: ScenarioCtx, registry: dict[tuple[str, str], Route]
) -> list[Probe]:
    probes = []
    for target in targets(registry):
        for role in ROLES:
            for scenario in scenarios_for(target, role):
                probes.append(probe(client, ctx, target, role, scenario))
    return probes


def left_on(session: Session, world: World, key: str) -> date | None:
    membership = session.exec(
        select(PanelMembership).where(
            col(PanelMembership.panel_id) == world.panel.id,
            col(PanelMembership.agency_id) == world.agencies[key].id,
        )
    ).one()
    return membership.left_on
