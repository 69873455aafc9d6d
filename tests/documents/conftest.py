"""Fixtures for the documents tests."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture(scope="session")
def templates_dir() -> Path:
    """The real templates folder of this checkout (the lead's settings resolve it in the app)."""
    assert (TEMPLATES_DIR / "base.html").is_file()
    return TEMPLATES_DIR
