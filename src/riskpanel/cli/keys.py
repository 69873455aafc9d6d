"""`riskpanel keys`: agency API keys (create, list, rotate, revoke). Every change is audited."""

from __future__ import annotations

import typer

from riskpanel.auth.keys import service
from riskpanel.auth.keys.api import key_out
from riskpanel.cli.common import AsJson, as_cli, echo_json, in_session, settings, unit_of_work
from riskpanel.kit.errors import NotFound
from riskpanel.models import ApiCredential

app = typer.Typer(
    help="Agency API keys: shown once, stored hashed, expiring.", no_args_is_help=True
)


def _agency_of(key_id: int) -> int:
    with unit_of_work() as session:
        key = session.get(ApiCredential, key_id)
        if key is None or key.kind != service.AGENCY_KEY or key.agency_id is None:
            raise NotFound(f"no agency key with id {key_id}")
        return key.agency_id


def _secret() -> dict[str, str]:
    """The key that hashes the new secret, as the services take it."""
    return {"secret_key": settings().secret_key}


@app.command()
def create(
    agency_id: int = typer.Option(..., help="The agency whose system will use the key"),
    name: str = typer.Option(..., help="What the key is for, e.g. 'case system'"),
    days: int = typer.Option(365, min=1, max=730, help="Days until the key expires"),
) -> None:
    """Issue a key and print it once."""
    key, token = as_cli(
        service.create_key, agency_id=agency_id, name=name, expires_in_days=days, **_secret()
    )
    typer.echo(f"created key {key.id} ({key.prefix}), expires {key.expires_at:%Y-%m-%d}")
    typer.echo(f"API key (shown once, keep it safe): {token}")


@app.command("list")
def list_keys(
    agency_id: int | None = typer.Option(None, help="Only this agency's keys"),
    as_json: AsJson = False,
) -> None:
    """List keys: prefix, name, created, expires, last used, revoked."""
    rows = [key_out(k) for k in in_session(service.list_keys, agency_id=agency_id)]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        state = "active" if r.active else "revoked/expired"
        used = f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "never"
        expires = f"{r.expires_at:%Y-%m-%d}" if r.expires_at else "-"
        typer.echo(
            f"{r.id:>4}  agency {r.agency_id:<4} {r.prefix:<18} {r.name:<30} "
            f"expires {expires}  last used {used}  {state}"
        )


@app.command()
def rotate(
    key_id: int = typer.Argument(..., help="The key to replace"),
    overlap_minutes: int = typer.Option(0, min=0, max=1440, help="Old key keeps working"),
    days: int = typer.Option(365, min=1, max=730, help="Days until the new key expires"),
) -> None:
    """Issue a replacement key (printed once) and revoke the old one after the overlap."""
    agency_id = _agency_of(key_id)
    new, token, old = as_cli(
        service.rotate_key,
        agency_id=agency_id,
        key_id=key_id,
        overlap_minutes=overlap_minutes,
        expires_in_days=days,
        **_secret(),
    )
    typer.echo(f"key {old.id} revoked from {old.revoked_at:%Y-%m-%d %H:%M} UTC")
    typer.echo(f"new key {new.id} ({new.prefix}), shown once: {token}")


@app.command()
def revoke(key_id: int = typer.Argument(..., help="The key to revoke now")) -> None:
    """Revoke a key at once: its next request answers 401. A key it replaced by rotation
    and still inside its overlap stops working too."""
    agency_id = _agency_of(key_id)
    as_cli(service.revoke_key, agency_id=agency_id, key_id=key_id)
    typer.echo(f"key {key_id} revoked")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
