"""`riskpanel access`: the declared write authority, as the routes enforce it."""

from __future__ import annotations

import typer

from riskpanel.access.authority_doc import render_markdown

app = typer.Typer(help="Who may see and decide what.", no_args_is_help=True)


@app.command()
def authority() -> None:
    """Print the write authority table (every write route's roles and relationships) as
    Markdown; docs/AUTHORITY.md is this output."""
    typer.echo(render_markdown(), nl=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="access")
