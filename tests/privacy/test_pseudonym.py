"""Keyed pseudonyms and age bands."""

from __future__ import annotations

import re
from datetime import date

import pytest

from riskpanel.privacy import Pseudonymiser, age_band, pseudonym

KEY = b"k" * 32


def test_shape_and_stability() -> None:
    value = pseudonym("CASE-2025-0042", key=KEY)
    assert re.fullmatch(r"SC-[0-9A-F]{8}", value)
    assert value == pseudonym("case 2025 0042", key=KEY)


def test_key_and_context_change_the_result() -> None:
    base = pseudonym("AB123456C", key=KEY, context="pack-1")
    assert base != pseudonym("AB123456C", key=b"x" * 32, context="pack-1")
    assert base != pseudonym("AB123456C", key=KEY, context="pack-2")


def test_not_a_plain_hash_and_short_keys_refused() -> None:
    import hashlib

    digest = hashlib.sha256(b"ab123456c").hexdigest()[:8].upper()
    assert pseudonym("AB123456C", key=KEY, prefix="") != digest
    with pytest.raises(ValueError):
        pseudonym("x", key=b"short")


def test_pseudonymiser_hides_its_key() -> None:
    make = Pseudonymiser(KEY, context="pack-7", prefix="P", length=6)
    assert re.fullmatch(r"P-[0-9A-F]{6}", make("case-1"))
    assert "kkkk" not in repr(make)


@pytest.mark.parametrize(
    ("dob", "on", "band"),
    [(date(1987, 4, 3), date(2025, 4, 2), "30-39"), (date(1985, 4, 3), date(2025, 4, 3), "40-49"),
     (date(1930, 1, 1), date(2025, 1, 1), "90+"), (date(2020, 6, 1), date(2025, 1, 1), "0-9")],
)  # fmt: skip
def test_age_band(dob: date, on: date, band: str) -> None:
    assert age_band(dob, on) == band


def test_age_band_rejects_future_birth() -> None:
    with pytest.raises(ValueError):
        age_band(date(2030, 1, 1), date(2025, 1, 1))
