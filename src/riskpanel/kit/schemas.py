"""Base classes for API models: input refuses unknown fields (no mass assignment).

Every input model also refuses control characters in every text field, nested lists and
mappings included (``riskpanel.kit.text``), so a new schema gets the rule by inheriting it;
tests/security/test_strict_input.py walks the OpenAPI document to prove no request body
escapes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from riskpanel.kit.text import control_character_in, control_message

# A one-line text field: no control character at all, not even a line break (names, URLs).
SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        found = control_character_in(value)
        if found:
            raise ValueError(control_message(found))
        return value


class OutputModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def examples(*payloads: dict[str, Any]) -> ConfigDict:
    """A model's examples for the OpenAPI document (``model_config = examples(...)``), merged
    with the base class's config. A subclass inherits them, so it names its own:
    tests/api/test_openapi_examples.py validates every example against its schema and every
    request body example against its model. FastAPI leaves every null out of the document,
    so a response example shows a record whose nullable required fields have values.
    Synthetic data only (Faker en_GB style)."""
    return ConfigDict(json_schema_extra={"examples": list(payloads)})


def attributes(source: object, names: Iterable[str], **renamed: str) -> dict[str, Any]:
    """The named attributes of an object, to build another from the fields the two share
    (`Out(**attributes(row, SHARED), extra=...)`); `renamed` maps a target name to the
    source's own name for it. Read with getattr, so a database row loads an expired
    attribute rather than leaving it out, as `model_dump` would."""
    copied = {name: getattr(source, name) for name in names}
    return copied | {target: getattr(source, name) for target, name in renamed.items()}


def row_fields(row: BaseModel) -> dict[str, Any]:
    """Every field of a row, read with getattr (see `attributes`): a row expired by a commit
    or a rollback loads its columns again instead of answering with fields missing."""
    return attributes(row, type(row).model_fields)
