"""Webhook targets: no internal addresses by default, checked when an agency's endpoint is
set and again, by resolving the host afresh, just before each delivery (DNS rebinding);
the request goes to the address that was checked. An allow-list admits on-premises
receivers."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.cli.common import CLI_PRINCIPAL
from riskpanel.config import Settings
from riskpanel.kit.errors import InvalidInput
from riskpanel.models import Agency, Delivery, Notification
from riskpanel.notifications.delivery import deliver_due
from riskpanel.notifications.webhooks import service as webhooks
from tests.actions.factories import make_action, make_case, update_agency
from tests.factories import refresh_view
from tests.fixtures import World
from tests.notifications.receivers import webhook_receiver

SECRET = "synthetic-partner-secret-for-tests"

REFUSED = [
    ("http://127.0.0.1:8080/hook", "loopback"),
    ("http://127.9.9.9/hook", "loopback"),
    ("http://localhost:8080/hook", "loopback"),
    ("http://api.localhost/hook", "loopback"),
    ("http://[::1]/hook", "loopback"),
    ("http://[::ffff:127.0.0.1]/hook", "loopback"),
    ("http://[2002:a9fe:a9fe::1]/hook", "link-local"),  # 6to4 around 169.254.169.254
    ("http://[64:ff9b::a00:1]/hook", "private"),  # NAT64 around 10.0.0.1
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/hook", "link-local"),
    ("https://10.1.2.3/hook", "private"),
    ("https://172.16.0.9/hook", "private"),
    ("https://192.168.1.20/hook", "private"),
    ("https://[fd12:3456::1]/hook", "private"),
    ("https://100.64.0.1/hook", "shared"),
    ("http://0.0.0.0/hook", "unspecified"),
    ("http://[::]/hook", "unspecified"),
    ("http://224.0.0.1/hook", "multicast"),
    ("http://240.0.0.1/hook", "reserved"),
    ("http://2130706433/hook", "loopback"),  # 127.0.0.1 written as one number
    ("ftp://hooks.police.example/hook", "http"),
    ("file:///etc/passwd", "http"),
    ("gopher://8.8.8.8/hook", "http"),
    ("https://user:pw@hooks.police.example/hook", "user name"),
]


def _set(session: Session, world: World, url: str, allowed: tuple = ()) -> str | None:
    return webhooks.set_webhook(
        session=session,
        principal=CLI_PRINCIPAL,
        agency_id=world.agencies["police"].id or 0,
        url=url,
        rotate=False,
        allowed_networks=allowed,
    )


@pytest.mark.parametrize(("url", "why"), REFUSED)
def test_internal_and_non_http_targets_are_refused_at_registration(
    engine: Engine, world: World, url: str, why: str
) -> None:
    with Session(engine) as session, pytest.raises(InvalidInput) as refused:
        _set(session, world, url)
    assert refused.value.errors[0].field == "url"
    assert why in refused.value.errors[0].message


def test_public_targets_are_accepted_and_the_allow_list_admits_on_premises_receivers(
    engine: Engine, world: World, settings: Settings
) -> None:
    with Session(engine) as session:
        assert _set(session, world, "https://8.8.8.8/hook")  # a new secret
        _set(session, world, "https://hooks.police.example/riskpanel")  # resolved on delivery
        on_prem = settings.model_copy(
            update={"webhook_allowed_networks": "10.20.0.0/16, fd12:3456::/48"}
        ).webhook_networks
        _set(session, world, "https://10.20.3.4/hook", on_prem)
        _set(session, world, "https://[fd12:3456::7]/hook", on_prem)
        with pytest.raises(InvalidInput):
            _set(session, world, "https://10.21.0.1/hook", on_prem)  # outside the list
        session.commit()
        urls = [e.url for e in webhooks.endpoints_of(session=session, agency_id=_police(world))]
        assert urls == [
            "https://8.8.8.8/hook",
            "https://hooks.police.example/riskpanel",
            "https://10.20.3.4/hook",
            "https://[fd12:3456::7]/hook",
        ]


def _police(world: World) -> int:
    return world.agencies["police"].id or 0


def test_a_bad_allow_list_stops_start_up(settings: Settings) -> None:
    with pytest.raises(ValueError, match="WEBHOOK_ALLOWED_NETWORKS"):
        Settings(
            environment="test",
            database_url=settings.database_url,
            secret_key=settings.secret_key,
            webhook_allowed_networks="10.0.0.0/8, not-a-network",
        )


def test_the_cli_refuses_internal_targets_with_a_clear_error(
    cli: CliRunner, engine: Engine, world: World
) -> None:
    agency = str(world.agencies["police"].id)
    metadata = "http://169.254.169.254/latest/meta-data/"
    r = cli.invoke(cli_app, ["notifications", "webhook", "--agency-id", agency, "--url", metadata])
    assert r.exit_code != 0 and isinstance(r.exception, InvalidInput)  # main() prints it
    assert "link-local" in r.exception.detail
    assert "RISKPANEL_WEBHOOK_ALLOWED_NETWORKS" in r.exception.detail
    added = cli.invoke(
        cli_app,
        [
            *("agencies", "add", "--name", "Metadata Ltd", "--kind", "health"),
            *("--webhook-url", "http://127.0.0.1:9/hook"),
        ],
    )
    assert isinstance(added.exception, InvalidInput) and "loopback" in added.exception.detail
    with Session(engine) as session:
        assert session.exec(select(Agency).where(Agency.name == "Metadata Ltd")).first() is None
        assert webhooks.endpoints_of(session=session, agency_id=_police(world)) == []


def _queued(engine: Engine, world: World, settings: Settings) -> None:
    make_action(engine, world, settings, case_id=make_case(engine, world).id)


def _failed(session: Session) -> tuple[str, str]:
    refresh_view(session)
    note = session.exec(select(Notification)).one()
    [log] = session.exec(select(Delivery)).all()
    return note.status, log.error or ""


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_target_that_now_resolves_inside_is_refused_at_delivery_without_a_request(
    engine: Engine, world: World, settings: Settings, session: Session, host: str
) -> None:
    """The endpoint was stored earlier (its name then pointed outside); at delivery the
    name resolves to loopback, so nothing is sent and the delivery fails with the reason."""
    with webhook_receiver(SECRET) as receiver:
        url = receiver.url.replace("127.0.0.1", host)
        update_agency(engine, world, "police", webhook_url=url, webhook_secret=SECRET)
        _queued(engine, world, settings)
        assert deliver_due(engine=engine, settings=settings) == 0
    assert receiver.received == []
    status, error = _failed(session)
    assert status == "failed"
    assert "127.0.0.1" in error and "loopback" in error


def test_an_allowed_receiver_gets_the_request_at_the_checked_address_under_its_name(
    engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    """Resolved once, checked, connected to by address; the Host header keeps the name."""
    allowed = settings.model_copy(update={"webhook_allowed_networks": "127.0.0.0/8"})
    with webhook_receiver(SECRET) as receiver:
        url = receiver.url.replace("127.0.0.1", "localhost")
        update_agency(engine, world, "police", webhook_url=url, webhook_secret=SECRET)
        _queued(engine, world, settings)
        assert deliver_due(engine=engine, settings=allowed) == 1
    [got] = receiver.received
    assert got.signature_ok
    assert got.headers["host"] == url.split("/")[2]  # localhost:<port>


@pytest.fixture
def localhost_certificate(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for the name ``localhost`` only (not for 127.0.0.1):
    a server context to receive with and a client context that trusts it."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


def test_over_https_the_certificate_is_checked_against_the_name_not_the_address(
    engine: Engine,
    world: World,
    settings: Settings,
    session: Session,
    localhost_certificate: tuple[ssl.SSLContext, ssl.SSLContext],
) -> None:
    """The connection goes to the checked address, yet TLS (SNI and the certificate
    check) still uses the name: a certificate for ``localhost`` is accepted, which it
    would not be if the client checked it against 127.0.0.1."""
    server_tls, client_tls = localhost_certificate
    allowed = settings.model_copy(update={"webhook_allowed_networks": "127.0.0.0/8"})
    with webhook_receiver(SECRET, tls=server_tls) as receiver:
        url = receiver.url.replace("127.0.0.1", "localhost")
        update_agency(engine, world, "police", webhook_url=url, webhook_secret=SECRET)
        _queued(engine, world, settings)
        with httpx.Client(verify=client_tls, follow_redirects=False) as client:
            assert deliver_due(engine=engine, settings=allowed, client=client) == 1
    [got] = receiver.received
    assert got.signature_ok and got.headers["host"] == url.split("/")[2]
