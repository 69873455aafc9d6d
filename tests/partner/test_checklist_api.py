"""The risk checklist over the API: the file's questions, sources and bands, with an ETag
from its version so partners can cache it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from riskpanel.config import Settings
from riskpanel.risk.checklist import load_checklist
from tests.actions.factories import make_case
from tests.fixtures import World

URL = "/api/v1/risk/checklist"


@pytest.mark.parametrize("actor", ["coordinator", "chair", "police_officer", "police_system"])
def test_checklist_is_the_file_with_its_version(
    client: TestClient, world: World, settings: Settings, actor: str
) -> None:
    response = client.get(URL, headers=world.headers(actor))
    assert response.status_code == 200
    body = response.json()
    checklist = load_checklist()
    assert body["name"] == checklist.name
    assert body["version"] == checklist.version
    assert body["sources"] == list(checklist.sources)
    assert body["answers"] == ["yes", "no", "unknown"]
    assert [q["id"] for q in body["questions"]] == [q.id for q in checklist.questions]
    first = body["questions"][0]
    assert set(first) == {"id", "theme", "text", "weight", "significant_concern"}
    assert first["text"] == checklist.questions[0].text
    assert body["levels"][0] == {"level": "standard", "from_score": 0}
    assert body["max_score"] == sum(q.weight for q in checklist.questions)
    assert response.headers["etag"] == f'"checklist-{checklist.name}-{checklist.version}"'
    assert "max-age" in response.headers["cache-control"]
    assert response.headers["cache-control"].startswith("private")


def test_question_ids_are_the_ones_an_assessment_accepts(
    client: TestClient, world: World, engine: Engine
) -> None:
    """A form built from the served checklist posts an assessment the API accepts."""
    body = client.get(URL, headers=world.headers("coordinator")).json()
    case = make_case(engine, world, state="screening")
    answers = [
        {"question_id": q["id"], "answer": "yes", "source": body["sources"][0]}
        for q in body["questions"]
    ]
    posted = client.post(
        f"/api/v1/cases/{case.id}/assessments",
        json={"answers": answers},
        headers=world.headers("coordinator"),
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["assessment"]["checklist_version"] == body["version"]
    assert posted.json()["assessment"]["score"] == body["max_score"]


def test_unchanged_version_answers_304(client: TestClient, world: World) -> None:
    first = client.get(URL, headers=world.headers("police_system"))
    again = client.get(
        URL, headers=world.headers("police_system", **{"If-None-Match": first.headers["etag"]})
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    stale = client.get(
        URL, headers=world.headers("police_system", **{"If-None-Match": '"checklist-x-0"'})
    )
    assert stale.status_code == 200


@pytest.mark.parametrize("actor", ["admin", "scrutiny", "auditor"])
def test_roles_that_do_not_assess_are_refused(client: TestClient, world: World, actor: str) -> None:
    response = client.get(URL, headers=world.headers(actor))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_anonymous_is_refused(client: TestClient) -> None:
    assert client.get(URL).status_code == 401
