"""The write matrix over the web pages' forms, from the same authority table.

People use the web with a session cookie and a CSRF token (partner systems have no web
session, so ``agency_client`` is not probed here). Two kinds of probe:

* every web write route x every web role the entry does not admit: 403 page, database
  unchanged, no canary in the page (anonymous callers: 303 to the sign-in page, the web's
  401); the route's own dependency refuses before any object is looked up;
* the forms an agency uses on a case or an action (victim updates, support referrals,
  research, action progress) x every relationship scenario of ``write_matrix``, with a
  valid form: the relation holds -> 303 (saved), else 403 or 404 with nothing saved.

The panel's forms share their services with the API routes the API matrix probes per
relationship; here they get the role probes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from riskpanel.access.authority import AUTHORITY
from riskpanel.kit.concurrency import etag
from tests.actions.matrix_entries import fresh_action
from tests.security.matrix import Call, Probe, Route, fingerprint
from tests.security.write_matrix import SCENARIOS, ScenarioCtx, Target, expected
from tests.web.helpers import sign_in

WEB_ROLES = {
    "admin": "admin",
    "coordinator": "coordinator",
    "chair": "chair",
    "agency": "police_officer",
    "scrutiny": "scrutiny",
    "auditor": "auditor",
}
#: the acting agency of each scenario, as a person signed in to the web
AGENCY_PEOPLE = {
    "police": "police_officer",
    "housing": "housing_officer",
    "outsider": "outsider_officer",
    "expired": "expired_officer",
    "leaver": "leaver_officer",
}
FILLER = {
    name: 1
    for name in [
        "case_id",
        "action_id",
        "meeting_id",
        "referral_id",
        "pack_id",
        "summary_id",
        "feedback_id",
        "assessment_id",
        "user_id",
        "agency_id",
        "key_id",
        "endpoint_id",
        "person_id",
        "match_id",
    ]
}


def _when(prefix: str) -> dict[str, str]:
    """Yesterday (read at each probe, never at import) as a GOV.UK date input."""
    yesterday = date.today() - timedelta(days=1)
    return {
        f"{prefix}.day": str(yesterday.day),
        f"{prefix}.month": str(yesterday.month),
        f"{prefix}.year": str(yesterday.year),
    }


def victim_update(ctx: ScenarioCtx, role: str, related: bool) -> Call:
    form = {"update.kind": "case_progress", "update.method": "phone", "update.given_time": "10:15"}
    return Call(
        path={"case_id": ctx.fresh_case(related).id}, json={**form, **_when("update.given_at")}
    )


def support_referral(ctx: ScenarioCtx, role: str, related: bool) -> Call:
    form = {"support.status": "made", "support.service": "Victim Support"}
    form |= {"support.at_time": "9.05", **_when("support.at")}
    return Call(path={"case_id": ctx.fresh_case(related).id}, json=form)


def research(ctx: ScenarioCtx, role: str, related: bool) -> Call:
    form = {"items[0].kind": "fact", "items[0].text": "Two call-outs in May."}
    return Call(path={"case_id": ctx.fresh_case(related).id}, json=form)


def action_progress(ctx: ScenarioCtx, role: str, related: bool) -> Call:
    action = fresh_action(ctx, related)
    form = {"progress": "acknowledged", "if_match": etag("action", action.id, action.row_version)}
    return Call(path={"action_id": action.id}, json=form)


def assessment(ctx: ScenarioCtx, role: str, related: bool) -> Call:
    form = {"assessment.injured": "yes", "assessment.injured.source": "victim"}
    return Call(path={"case_id": ctx.fresh_case(related).id}, json=form)


FORMS: dict[tuple[str, str], Callable[[ScenarioCtx, str, bool], Call]] = {
    ("assessments.add", "/cases/{case_id}/assessment"): assessment,
    ("victims.update", "/cases/{case_id}/victim-updates"): victim_update,
    ("victims.support_referral", "/cases/{case_id}/support-referrals"): support_referral,
    ("research.return", "/cases/{case_id}/research"): research,
    ("actions.update", "/actions/{action_id}/updates"): action_progress,
}


@dataclass
class WebSessions:
    """One signed-in web session per person, swapped into one client per probe."""

    client: TestClient
    saved: dict[str, tuple[dict[str, str], str]]

    @classmethod
    def open(cls, client: TestClient, people: list[str]) -> WebSessions:
        saved = {}
        for person in people:
            client.cookies.clear()
            token = sign_in(client, person)
            saved[person] = (dict(client.cookies), token)
        client.cookies.clear()
        return cls(client, saved)

    def post(self, person: str | None, path: str, form: dict[str, Any]) -> Any:
        self.client.cookies.clear()
        token = ""
        if person is not None:
            cookies, token = self.saved[person]
            self.client.cookies.update(cookies)
        data = {"csrf_token": token, **form}
        return self.client.post(path, data=data, follow_redirects=False)


def web_targets() -> list[Target]:
    found = []
    for operation, entry in sorted(AUTHORITY.items()):
        for method, path in entry.routes:
            if not path.startswith("/api/"):
                build = FORMS.get((operation, path))
                route = Route(allowed=frozenset(), build=build, scoped=True, ok=frozenset({303}))
                found.append(Target(operation, method, path, route))
    return found


def _person(role: str, scenario: str) -> str | None:
    if role == "agency":
        return AGENCY_PEOPLE[SCENARIOS["own" if scenario == "other_panel" else scenario][0]]
    return WEB_ROLES.get(role)


def web_probe(
    web: WebSessions, ctx: ScenarioCtx, target: Target, role: str, scenario: str
) -> Probe:
    ctx.scenario = "own" if scenario == "other_panel" else scenario
    build = target.route.build
    call = build(ctx, role, scenario != "other_panel") if build else Call(path=FILLER)
    want = expected(target, role, scenario)
    if role == "anonymous":
        want = frozenset({303})  # the web sends anonymous callers to sign in
    denial = role == "anonymous" or min(want) >= 400
    before = fingerprint(ctx.session) if denial else None
    path = target.path.format(**{**FILLER, **call.path})
    response = web.post(_person(role, scenario), path, call.json or {})
    problems = []
    if response.status_code not in want:
        problems.append(f"expected {sorted(want)}, got {response.status_code}")
    if role == "anonymous" and not response.headers.get("location", "").startswith("/sign-in"):
        problems.append("anonymous caller not sent to sign in")
    if denial and fingerprint(ctx.session) != before:
        problems.append("denial changed the database")
    leaked = [s for s in ctx.secrets if s in response.text]
    if denial and leaked:
        problems.append(f"denial page leaks {leaked}")
    status = response.status_code
    return Probe("POST", target.path, role, scenario, sorted(want), status, problems)


def run_web_matrix(web: WebSessions, ctx: ScenarioCtx) -> list[Probe]:
    probes = []
    for target in web_targets():
        entry = AUTHORITY[target.operation]
        if entry.public:
            continue  # signing in: its own tests (throttle, CSRF token, redirects)
        for role in [*WEB_ROLES, "anonymous"]:
            if role not in entry.roles:
                probes.append(web_probe(web, ctx, target, role, "own"))
            elif target.route.build is not None:
                scenarios = [*SCENARIOS, "other_panel"] if role == "agency" else ["own"]
                if role in ("coordinator", "chair"):
                    scenarios = ["own", "other_panel"]
                for scenario in scenarios:
                    probes.append(web_probe(web, ctx, target, role, scenario))
    return probes
