"""Every request body in the OpenAPI document carries an example, and every example in
the document is valid against its own schema (and, for request bodies, is accepted by the
model that reads it), so the examples a partner copies cannot rot.

Before this test the document had no example at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import BaseModel
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from riskpanel.config import Settings
from riskpanel.main import create_app
from tests.security.test_strict_input import _body_models

DOC_URI = "urn:riskpanel:openapi"
REF_PREFIX = "#/components/schemas/"
# The main answers a partner or the panel reads: each shows an example in the document.
MAIN_RESPONSES = {
    "ActionPage",
    "ActionDetail",
    "PanelActionDetail",
    "CaseSummary",
    "CaseDetail",
    "AgencyCaseView",
    "ReferralView",
    "ReferralDetail",
    "MeetingOut",
    "AgendaOut",
    "MinutesOut",
    "CaseRiskOut",
    "AgencyViewRecorded",
    "AssessmentHistory",
    "EntitlementOut",
    "ResearchReturnOut",
    "ResearchList",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], Any]]:
    """The app's own document; building the app touches no database."""
    where: Path = tmp_path_factory.mktemp("openapi")
    app = create_app(
        Settings(
            environment="test",
            database_url=f"sqlite:///{where / 'unused.db'}",
            secret_key="test-secret-key-" + "x" * 32,
            data_dir=where / "data",
        )
    )
    yield app.openapi(), app


def _format_checker() -> FormatChecker:
    """The draft's checks, but "time" as pydantic writes it: a wall-clock time of day in the
    panel's own time zone ("10:00:00"), which JSON Schema's RFC 3339 rule (an offset is
    required) would refuse once a checker for it is installed."""
    drafts = Draft202012Validator.FORMAT_CHECKER.checkers
    return FormatChecker(formats=[name for name in drafts if name != "time"])


def _validator(doc: dict[str, Any], name: str) -> Draft202012Validator:
    resource = Resource.from_contents(doc, default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource(DOC_URI, resource)
    schema = {"$ref": f"{DOC_URI}{REF_PREFIX}{name}"}
    return Draft202012Validator(schema, registry=registry, format_checker=_format_checker())


def _refs(schema: dict[str, Any]) -> list[str]:
    """The component names a body schema points at (directly, or as a branch of anyOf)."""
    if "$ref" in schema:
        return [schema["$ref"].removeprefix(REF_PREFIX)]
    return [n for branch in schema.get("anyOf", []) for n in _refs(branch)]


def _request_bodies(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body:
                for content_type, media in body["content"].items():
                    yield f"{method.upper()} {path} ({content_type})", content_type, media


def test_every_request_body_has_an_example(built: tuple[dict[str, Any], Any]) -> None:
    doc, _ = built
    schemas = doc["components"]["schemas"]
    missing, seen = [], 0
    for where, _type, media in _request_bodies(doc):
        seen += 1
        own = "example" in media or "examples" in media
        named = [n for n in _refs(media["schema"]) if schemas[n].get("examples")]
        if not own and not named:
            missing.append(where)
    assert seen > 30, "the walk did not reach the request bodies"
    assert missing == []


def test_the_main_responses_have_examples(built: tuple[dict[str, Any], Any]) -> None:
    schemas = built[0]["components"]["schemas"]
    assert sorted(n for n in MAIN_RESPONSES if not schemas[n].get("examples")) == []


def test_every_example_is_valid_against_its_own_schema(
    built: tuple[dict[str, Any], Any],
) -> None:
    doc, _ = built
    checked, wrong = 0, []
    for name, schema in doc["components"]["schemas"].items():
        validator = _validator(doc, name)
        for number, example in enumerate(schema.get("examples", [])):
            checked += 1
            wrong += [f"{name}[{number}]: {e.message}" for e in validator.iter_errors(example)]
    for where, _type, media in _request_bodies(doc):
        for example in _media_examples(media):
            checked += 1
            names = _refs(media["schema"])
            if not any(_validator(doc, n).is_valid(example) for n in names):
                wrong.append(f"{where}: example is valid against none of {names}")
    assert wrong == []
    assert checked > 45


def _media_examples(media: dict[str, Any]) -> list[Any]:
    found = [media["example"]] if "example" in media else []
    return found + [e.get("value") for e in media.get("examples", {}).values()]


def test_every_request_body_example_is_accepted_by_its_model(
    built: tuple[dict[str, Any], Any],
) -> None:
    """The model's own rules (e.g. `completed` needs an `outcome`) go beyond the schema."""
    doc, app = built
    schemas = doc["components"]["schemas"]
    models: dict[str, type[BaseModel]] = {}
    for model in _body_models(app):  # same-named models are prefixed with their module
        models[model.__name__] = model
        models[f"{model.__module__.replace('.', '__')}__{model.__name__}"] = model
    checked = 0
    for _where, _type, media in _request_bodies(doc):
        for name in _refs(media["schema"]):
            model = models[name]
            for example in schemas[name].get("examples", []) + _media_examples(media):
                model.model_validate(example)
                checked += 1
    assert checked >= 32
