"""`riskpanel users`: list people, approve, disable or re-enable them. Every change is
audited."""

from __future__ import annotations

import json

import typer

from riskpanel.auth.mfa import service as mfa
from riskpanel.cli.common import CLI_PRINCIPAL, AsJson, unit_of_work
from riskpanel.users import service

app = typer.Typer(help="People who use riskpanel.", no_args_is_help=True)


@app.command("list")
def list_users(
    role: str | None = typer.Option(None, help="Only this role"),
    include_disabled: bool = typer.Option(False, "--all", help="Include disabled users"),
    as_json: AsJson = False,
) -> None:
    """List users with their role, agency or panel, and whether they are active."""
    items = []
    cursor = None
    with unit_of_work() as session:
        while True:
            page = service.list_users(
                session=session,
                role=role,
                active=None if include_disabled else True,
                limit=200,
                cursor=cursor,
            )
            items.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
    if as_json:
        typer.echo(json.dumps([u.model_dump(mode="json") for u in items], indent=2))
        return
    for u in items:
        where = f"agency {u.agency_id}" if u.agency_id else f"panel {u.panel_id or '-'}"
        state = "awaiting approval" if u.awaiting_approval else "active" if u.active else "disabled"
        typer.echo(f"{u.id:>4}  {u.email:<36} {u.role:<12} {where:<12} {state}")


def _set_active(user_id: int, active: bool) -> None:
    with unit_of_work() as session:
        user = service.get_user(session=session, user_id=user_id, lock=True)
        service.set_active(session=session, principal=CLI_PRINCIPAL, user=user, active=active)


@app.command()
def disable(user_id: int = typer.Argument(..., help="The user to disable")) -> None:
    """Disable a user: their sessions end and their personal tokens are revoked at once."""
    _set_active(user_id, False)
    typer.echo(f"user {user_id} disabled; sessions ended and personal tokens revoked")


@app.command()
def enable(user_id: int = typer.Argument(..., help="The user to re-enable")) -> None:
    """Re-enable a user (they need a new password sign-in or a new token)."""
    _set_active(user_id, True)
    typer.echo(f"user {user_id} enabled")


@app.command("reset-second-factor")
def reset_second_factor(
    user_id: int = typer.Argument(..., help="The person whose second factor to reset"),
) -> None:
    """Reset a person's second factor (a lost phone), e.g. the only administrator's own.

    Their sessions end, they are emailed, and they set up a new authenticator app at their
    next sign-in. Audited as done from the command line."""
    with unit_of_work() as session:
        mfa.reset(session=session, principal=CLI_PRINCIPAL, user_id=user_id)
    typer.echo(f"user {user_id}: second factor reset; they set up a new one at next sign-in")


@app.command()
def approve(user_id: int = typer.Argument(..., help="The account awaiting approval")) -> None:
    """Approve a new account as the second person (the server's operator), so it starts:
    for an installation with no second admin or chair yet."""
    with unit_of_work() as session:
        service.approve(session=session, principal=CLI_PRINCIPAL, user_id=user_id)
    typer.echo(f"user {user_id} approved and active")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="users")
