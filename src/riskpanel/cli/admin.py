"""`riskpanel admin`: people and their sign-in."""

from __future__ import annotations

from typing import Any

import typer

from riskpanel.audit.service import record_administration
from riskpanel.auth import service
from riskpanel.cli.common import CLI_PRINCIPAL, settings, unit_of_work
from riskpanel.kit.roles import PEOPLE_ROLES

app = typer.Typer(help="Users and their credentials.", no_args_is_help=True)


@app.command("create-user")
def create_user(
    email: str = typer.Option(..., help="Sign-in email address"),
    name: str = typer.Option(..., help="Display name"),
    role: str = typer.Option(..., help=f"One of: {', '.join(sorted(PEOPLE_ROLES))}"),
    agency_id: int | None = typer.Option(None, help="Agency (required for role agency)"),
    panel_id: int | None = typer.Option(None, help="Panel (coordinators and chairs)"),
    password: bool = typer.Option(False, "--password", help="Prompt for a web password"),
    token_days: int = typer.Option(90, min=1, max=366, help="Days the API token is valid"),
) -> None:
    """Create a user and print a one-time personal API token."""
    secret = (
        typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    )
    who: dict[str, Any] = dict(
        email=email, display_name=name, role=role, agency_id=agency_id, panel_id=panel_id
    )
    with unit_of_work() as session:
        user = service.create_user(session=session, password=secret, **who)
        token = service.issue_personal_token(
            session=session, user=user, key=settings().secret_key, days=token_days
        )
        record_administration(
            session=session,
            principal=CLI_PRINCIPAL,
            subject_type="user",
            subject_id=user.id,
            fields=["email", "display_name", "role"],
        )
    typer.echo(f"created user {user.id} ({user.role})")
    typer.echo(f"personal token (shown once, keep it safe): {token}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="admin")
