"""Top-level commands: serve."""

from __future__ import annotations

import typer

from riskpanel.cli.common import MigrateFirst, settings, upgrade_first


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to bind"),
    port: int = typer.Option(8000, min=1, max=65535, help="Port"),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes"),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1",
        envvar="FORWARDED_ALLOW_IPS",
        help="Reverse proxies whose X-Forwarded-For/-Proto are trusted (comma-separated, or *)",
    ),
    migrate_db: MigrateFirst = None,
) -> None:
    """Serve the API and web app with uvicorn."""
    import uvicorn

    cfg = settings()
    upgrade_first(cfg, migrate_db)
    from riskpanel.main import create_app

    create_app(cfg)  # fail fast (broken workflow file, bad settings) before forking workers
    typer.echo(f"riskpanel on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(
        "riskpanel.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        timeout_worker_healthcheck=60,  # a busy machine imports slowly; do not kill workers
        log_level="info",
    )


def register(app: typer.Typer) -> None:
    app.command()(serve)
