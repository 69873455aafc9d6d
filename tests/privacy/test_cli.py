"""`riskpanel redact` reads stdin and prints the redacted text or JSON spans."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from riskpanel.privacy.cli import redact_command, register

app = typer.Typer()
register(app)
app.command("noop")(lambda: None)  # two commands, so "redact" is a sub-command as in the root
runner = CliRunner()


def test_redacts_stdin_with_known_people() -> None:
    result = runner.invoke(
        app, ["redact", "-k", "Katarzyna Nowak", "--known-person", "Gary Price"],
        input="Nowak said Price called her on 07700 900123.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "[PERSON B] said [PERSON C] called her on [PHONE]."


def test_spans_as_json_without_values(tmp_path: Path) -> None:
    people = tmp_path / "people.json"
    people.write_text(json.dumps([{"name": "Gary Price", "role": "perpetrator"}]))
    result = runner.invoke(app, ["redact", "--people", str(people), "--spans"],
                           input="Price was seen.")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {
        "text": "[PERPETRATOR] was seen.",
        "spans": [{"start": 0, "end": 5, "kind": "person", "label": "[PERPETRATOR]"}],
    }


def test_command_function_is_plain() -> None:
    assert callable(redact_command)
