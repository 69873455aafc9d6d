"""docs/AUTHORITY.md is the authority table as the routes enforce it, never a stale copy."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from riskpanel.access.authority import AUTHORITY
from riskpanel.access.authority_doc import render_markdown
from riskpanel.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "AUTHORITY.md"


def test_the_page_in_docs_is_the_table() -> None:
    assert DOC.read_text() == render_markdown(), (
        "docs/AUTHORITY.md is out of date: run `riskpanel access authority > docs/AUTHORITY.md`"
    )


def test_every_operation_and_route_is_on_the_page() -> None:
    page = render_markdown()
    for name, entry in AUTHORITY.items():
        assert f"| `{name}` |" in page
        for method, path in entry.routes:
            assert f"`{method} {path}`" in page
    assert "victim's lead contact" in page


def test_the_command_prints_it() -> None:
    result = CliRunner().invoke(app, ["access", "authority"])
    assert result.exit_code == 0
    assert result.output == render_markdown()
