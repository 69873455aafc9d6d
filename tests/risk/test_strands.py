"""Strand validation keeps the five national strands apart from local extras."""

from __future__ import annotations

import subprocess
import sys

import pytest

from riskpanel.kit.errors import InvalidInput
from riskpanel.risk.strands import NATIONAL_STRANDS, StrandCatalogue, validate_strands

CATALOGUE = StrandCatalogue(local=("sex", "alternative_subculture", "age"))


def test_the_five_national_strands() -> None:
    assert NATIONAL_STRANDS == (
        "race",
        "religion",
        "sexual_orientation",
        "disability",
        "transgender",
    )


def test_validate_canonicalises_dedupes_and_splits() -> None:
    picked = validate_strands(
        ["Age", "Sexual orientation", "religion or belief", "race", "RACE"], CATALOGUE
    )
    assert picked.national == ("race", "religion", "sexual_orientation")
    assert picked.local == ("age",)
    assert picked.all == ("race", "religion", "sexual_orientation", "age")


def test_unknown_strands_are_named_by_position() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_strands(["race", "colour", "height"], CATALOGUE, field="incident.strands")
    assert [e.field for e in caught.value.errors] == ["incident.strands[1]", "incident.strands[2]"]
    assert caught.value.status == 422


def test_local_strands_only_when_configured() -> None:
    with pytest.raises(InvalidInput):
        validate_strands(["age"], StrandCatalogue())
    assert CATALOGUE.is_known("age") and not CATALOGUE.is_national("age")


@pytest.mark.parametrize("local", [("race",), ("Bad Name",)])
def test_catalogue_validation(local: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        StrandCatalogue(local=local)


def test_risk_package_imports_neither_fastapi_nor_the_database() -> None:
    code = (
        "import sys, riskpanel.risk; "
        "bad = sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'fastapi', 'starlette', 'sqlmodel', 'sqlalchemy', 'alembic'}); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
