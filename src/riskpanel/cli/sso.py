"""`riskpanel sso`: the identity providers people may sign in with (single sign-on)."""

from __future__ import annotations

import typer

from riskpanel.auth.oidc.client import ProviderClient, ProviderFailed
from riskpanel.cli.common import settings

app = typer.Typer(
    help="Single sign-on: the identity providers in RISKPANEL_OIDC_PROVIDERS_FILE.",
    no_args_is_help=True,
)


@app.command()
def check() -> None:
    """Read each provider's discovery document and signing keys, as a sign-in would.

    Run it after editing the providers file or registering riskpanel at a provider; exits 1
    if any provider cannot be used. The file itself is checked whenever riskpanel starts.
    """
    providers = settings().oidc_providers
    if not providers:
        typer.echo("no identity providers: RISKPANEL_OIDC_PROVIDERS_FILE is not set")
        return
    failed = 0
    for slug, provider in providers.items():
        client = ProviderClient(provider)
        try:
            keys = client.keys()
            algorithms = ", ".join(client.metadata().algorithms)
        except ProviderFailed as exc:
            failed += 1
            typer.secho(f"{slug}: cannot be used ({exc})", fg="red")
            continue
        domains = ", ".join(provider.email_domains)
        typer.echo(
            f"{slug}: ok, '{provider.label}', {len(keys.keys)} signing key(s) ({algorithms}), "
            f"vouches for {domains}"
        )
    if failed:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="sso")
