"""`riskpanel admin`: people and their sign-in.

A person normally sets their own password from an invitation link. ``--password`` is kept
for two cases only: the very first admin of a new installation (no active admin yet), and
development (the demo's documented accounts).
"""

from __future__ import annotations

from typing import Any

import typer
from sqlmodel import Session

from riskpanel.audit.service import record_administration
from riskpanel.auth import service
from riskpanel.cli.common import CLI_PRINCIPAL, settings, unit_of_work
from riskpanel.config import Settings
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.roles import PEOPLE_ROLES, Role
from riskpanel.users import repository as users
from riskpanel.users.invitations import service as invitations

app = typer.Typer(help="Users and their credentials.", no_args_is_help=True)


@app.command("create-user")
def create_user(
    email: str = typer.Option(..., help="Sign-in email address"),
    name: str = typer.Option(..., help="Display name"),
    role: str = typer.Option(..., help=f"One of: {', '.join(sorted(PEOPLE_ROLES))}"),
    agency_id: int | None = typer.Option(None, help="Agency (required for role agency)"),
    panel_id: int | None = typer.Option(None, help="Panel (coordinators and chairs)"),
    password: bool = typer.Option(
        False,
        "--password",
        help="Prompt for a web password instead of printing an invitation link: only for "
        "the first admin of an installation (no active admin yet) or in development",
    ),
    token_days: int = typer.Option(90, min=1, max=366, help="Days the API token is valid"),
) -> None:
    """Create a user; print their one-time invitation link (to set their own password,
    valid for RISKPANEL_INVITATION_HOURS) and a one-time personal API token."""
    config = settings()
    secret = (
        typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    )
    who: dict[str, Any] = dict(
        email=email, display_name=name, role=role, agency_id=agency_id, panel_id=panel_id
    )
    with unit_of_work() as session:
        if secret is not None:
            _check_password_allowed(session, role, config)
        user = service.create_user(session=session, password=secret, **who)
        record_administration(
            session=session,
            principal=CLI_PRINCIPAL,
            subject_type="user",
            subject_id=user.id,
            fields=["email", "display_name", "role"],
        )
        link = None
        if secret is None:
            issued = invitations.invite(
                session=session, principal=CLI_PRINCIPAL, user=user, settings=config
            )
            link = issued.link(config.base_url)
        token = service.issue_personal_token(
            session=session, user=user, key=config.secret_key, days=token_days
        )
    typer.echo(f"created user {user.id} ({user.role})")
    if link is not None:
        typer.echo(f"invitation link (shown once, send it to the person): {link}")
    typer.echo(f"personal token (shown once, keep it safe): {token}")


def _check_password_allowed(session: Session, role: str, config: Settings) -> None:
    """A password set here skips the invitation (the person's own choice of password), so
    only the first admin of an installation, or any account in development, may have one."""
    bootstrap = role == Role.ADMIN and not users.other_active_admins(session=session, user_id=0)
    if not (bootstrap or config.environment == "development"):
        raise InvalidInput.field(
            "password",
            "only the first admin (or any account in development) may be given a "
            "password here; leave out --password to print an invitation link",
        )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="admin")
