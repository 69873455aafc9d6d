"""`riskpanel redact`: redact text from standard input, for checking notes by hand.

    riskpanel redact --known-person "Katarzyna Nowak" --known-person "Gary Price" < note.txt
    riskpanel redact --people people.json --spans < note.txt

``--people`` takes a JSON list of records (name, role, aliases, addresses, ...) so a reviewer
can try the same deny-list the scrutiny pack uses. ``--spans`` prints JSON with the redacted
text and the removed spans (offsets into the input, kind and label), never the removed values.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from riskpanel.privacy.people import KnownPerson
from riskpanel.privacy.redactor import redact


def _load_people(path: Path | None) -> list[KnownPerson]:
    if path is None:
        return []
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise typer.BadParameter("the people file must hold a JSON list of records")
    return [KnownPerson.model_validate(item) for item in data]


def redact_command(
    known_person: Annotated[
        list[str] | None,
        typer.Option("--known-person", "-k", help="A person in the case (repeatable)."),
    ] = None,
    people: Annotated[
        Path | None,
        typer.Option("--people", exists=True, dir_okay=False, help="JSON list of records."),
    ] = None,
    spans: Annotated[bool, typer.Option("--spans", help="Print JSON with the spans.")] = False,
) -> None:
    """Redact standard input and print the result."""
    text = sys.stdin.read()
    records: list[str | KnownPerson] = [*(known_person or []), *_load_people(people)]
    result = redact(text, known_people=records)
    if not spans:
        typer.echo(result.text, nl=False)
        return
    payload = {
        "text": result.text,
        "spans": [
            {"start": s.start, "end": s.end, "kind": s.kind, "label": label}
            for s, label in zip(result.spans, result.labels, strict=True)
        ],
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    """Add ``redact`` to the root CLI (for a module in ``riskpanel.cli``)."""
    app.command("redact")(redact_command)
