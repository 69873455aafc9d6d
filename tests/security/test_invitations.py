"""Invitations instead of admin-set passwords, and separation of duties (issue 18).

A new account gets a one-time link (only its keyed hash stored) to set its own password;
no account can be made for the admin's own email, and a new account starts only when a
second person approves it (a coordinator so no admin reads case data as one; an admin so no
one person approves their own requests with a second admin account). Both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, col, select

from riskpanel.access.csrf import SESSION_COOKIE
from riskpanel.auth import service as auth
from riskpanel.config import Settings
from riskpanel.kit import clock
from riskpanel.kit.principal import SYSTEM
from riskpanel.main import create_app
from riskpanel.models import AuditEvent, Invitation, User, utcnow
from riskpanel.users.invitations.service import issue, token_hash
from tests.fixtures import World
from tests.web.helpers import hidden

USERS = "/api/v1/users"
NEW_PASSWORD = "plum orchard lantern viaduct"


@pytest.fixture
def visitor(app: FastAPI) -> Iterator[TestClient]:
    """The invited person's own browser: no cookies shared with the admin's client."""
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def invite(
    client: TestClient, world: World, role: str = "admin", approved: bool = False, **extra: object
) -> dict:
    """A new account through the API; ``approved``: the chair approves it at once."""
    email = f"{role}.{len(extra)}.{utcnow().timestamp()}@example.org"
    body = {"email": email, "display_name": "Ffion Rees", "role": role, **extra}
    r = client.post(USERS, json=body, headers=world.headers("admin"))
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["awaiting_approval"] and not created["active"]
    if approved:
        ok = client.post(f"{USERS}/{created['id']}/approval", headers=world.headers("chair"))
        assert ok.status_code == 200, ok.text
        created |= ok.json()
    return created


def path_of(link: str) -> str:
    return link[link.index("/invitations/") :]


def accept(visitor: TestClient, link: str, password: str = NEW_PASSWORD, confirm: str = ""):
    page = visitor.get(path_of(link))
    assert page.status_code == 200, page.text
    form = {
        "form_token": hidden(page.text, "form_token"),
        "password": password,
        "confirmation": confirm or password,
    }
    return visitor.post(path_of(link), data=form, follow_redirects=False)


def events(session: Session, user_id: int, change: str) -> list[AuditEvent]:
    session.rollback()  # a fresh snapshot: the app committed since
    rows = session.exec(
        select(AuditEvent).where(
            AuditEvent.subject_type == "user", AuditEvent.subject_id == str(user_id)
        )
    ).all()
    return [e for e in rows if (e.detail or {}).get("change") == change]


def audit_count(session: Session) -> int:
    session.rollback()  # a fresh snapshot: the app committed since
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def second_admin(session: Session, settings: Settings, world: World) -> None:
    user = auth.create_user(
        session=session, email="admin2@example.org", display_name="Second Admin", role="admin"
    )
    world.tokens["admin2"] = auth.issue_personal_token(
        session=session, user=user, key=settings.secret_key
    )
    session.commit()


def test_the_link_sets_the_password_and_signs_the_person_in(
    client: TestClient, visitor: TestClient, world: World, session: Session, settings: Settings
) -> None:
    created = invite(client, world, approved=True)
    link = created["invitation"]["link"]
    assert created["active"] and not created["has_password"]
    stored = session.exec(select(Invitation).where(Invitation.user_id == created["id"])).one()
    token = path_of(link).removeprefix("/invitations/")
    assert stored.token_hash == token_hash(token, settings.secret_key) != token
    hours = (stored.expires_at - stored.created_at).total_seconds() / 3600
    assert hours == settings.invitation_hours == 72
    page = visitor.get(path_of(link))
    assert "Set your password" in page.text and created["email"] in page.text
    r = accept(visitor, link)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert SESSION_COOKIE in visitor.cookies
    me = visitor.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["user_id"] == created["id"]
    session.rollback()  # a fresh snapshot: the app committed since
    assert session.get_one(Invitation, stored.id).used_at is not None
    assert session.get_one(User, created["id"]).password_hash
    assert len(events(session, created["id"], "password_set_from_invitation")) == 1
    assert len(events(session, created["id"], "invitation_issued")) == 1
    # the password works for an ordinary sign-in too
    signed = client.post(
        "/api/v1/auth/session", json={"email": created["email"], "password": NEW_PASSWORD}
    )
    assert signed.status_code == 201


def test_a_used_link_does_nothing_the_second_time(
    client: TestClient, visitor: TestClient, app: FastAPI, world: World, session: Session
) -> None:
    link = invite(client, world, approved=True)["invitation"]["link"]
    form_page = visitor.get(path_of(link))
    assert accept(visitor, link).status_code == 303
    with TestClient(app, raise_server_exceptions=False) as other:
        before = audit_count(session)
        again = other.get(path_of(link))
        assert again.status_code == 410 and "already been used" in again.text
        reuse = other.post(
            path_of(link),
            data={
                "form_token": hidden(form_page.text, "form_token"),
                "password": "someone else's password",
                "confirmation": "someone else's password",
            },
        )
        assert reuse.status_code == 410 and SESSION_COOKIE not in other.cookies
        assert audit_count(session) == before


def test_an_expired_link_is_refused_and_writes_nothing(
    client: TestClient, visitor: TestClient, world: World, session: Session, settings: Settings
) -> None:
    user = auth.create_user(
        session=session, email="late@example.org", display_name="Late Person", role="admin"
    )
    with clock.replaying(utcnow() - timedelta(hours=settings.invitation_hours, minutes=1)):
        issued = issue(
            session=session,
            principal=SYSTEM,
            user=user,
            key=settings.secret_key,
            hours=settings.invitation_hours,
        )
    session.commit()
    path = "/invitations/" + issued.token
    before = audit_count(session)
    page = visitor.get(path)
    assert page.status_code == 410 and "has expired" in page.text
    r = visitor.post(path, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert r.status_code == 410 and SESSION_COOKIE not in visitor.cookies
    session.rollback()  # a fresh snapshot: the app committed since
    assert session.get_one(User, user.id).password_hash is None
    assert session.get_one(Invitation, issued.invitation.id).used_at is None
    assert audit_count(session) == before


def test_reissue_kills_the_old_link_and_revoke_kills_the_new(
    client: TestClient, visitor: TestClient, world: World, session: Session
) -> None:
    created = invite(client, world)
    old = created["invitation"]["link"]
    url = f"{USERS}/{created['id']}/invitation"
    r = client.post(url, headers=world.headers("admin"))
    assert r.status_code == 201 and r.json()["link"] != old
    new = r.json()["link"]
    page = visitor.get(path_of(old))
    assert page.status_code == 410 and "withdrawn or replaced" in page.text
    assert visitor.get(path_of(new)).status_code == 200
    listed = client.get(f"{USERS}/{created['id']}", headers=world.headers("admin")).json()
    assert listed["invitation_expires_at"] is not None
    assert client.delete(url, headers=world.headers("admin")).status_code == 204
    assert visitor.get(path_of(new)).status_code == 410
    again = client.delete(url, headers=world.headers("admin"))
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    changes = ["invitation_issued", "invitation_reissued", "invitation_revoked"]
    assert all(len(events(session, created["id"], c)) == 1 for c in changes)
    # a person who has set a password gets no new link (it would take over the account)
    coordinator = world.users["coordinator"].id
    taken = client.post(f"{USERS}/{coordinator}/invitation", headers=world.headers("admin"))
    assert taken.status_code == 409


def test_an_unknown_link_says_so(visitor: TestClient, session: Session) -> None:
    before = audit_count(session)
    for token in ("x" * 43, "short", "a" * 300):
        page = visitor.get(f"/invitations/{token}")
        assert page.status_code == 404 and "not recognised" in page.text
    r = visitor.post("/invitations/" + "x" * 43, data={"password": NEW_PASSWORD})
    assert r.status_code == 404
    assert audit_count(session) == before


def test_the_password_rules_and_the_confirmation(
    client: TestClient, visitor: TestClient, world: World, session: Session
) -> None:
    created = invite(client, world, approved=True)
    link = created["invitation"]["link"]
    short = accept(visitor, link, password="too short")
    assert short.status_code == 422 and 'href="#f-password"' in short.text
    assert "at least 12 characters" in short.text
    differ = accept(visitor, link, confirm="a different long password")
    assert differ.status_code == 422 and 'href="#f-confirmation"' in differ.text
    forged = visitor.post(
        path_of(link),
        data={"form_token": "forged", "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD},
    )
    assert forged.status_code == 400
    session.rollback()  # a fresh snapshot: the app committed since
    assert session.get_one(User, created["id"]).password_hash is None
    assert accept(visitor, link).status_code == 303


def test_bad_input_is_problem_json_naming_the_field(client: TestClient, world: World) -> None:
    for body, field in (
        (
            {"email": "p@example.org", "display_name": "P", "role": "admin", "password": "x" * 20},
            "password",
        ),
        ({"email": "p@example.org", "role": "admin"}, "display_name"),
        ({"email": "p@example.org", "display_name": "P", "role": "owner"}, "role"),
    ):
        r = client.post(USERS, json=body, headers=world.headers("admin"))
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        assert field in [e["field"].split(".")[-1] for e in r.json()["errors"]]


@pytest.mark.parametrize("email", ["admin@example.org", "Admin+panel@Example.org"])
def test_an_admin_cannot_create_a_case_reading_account_for_themselves(
    client: TestClient, world: World, session: Session, email: str
) -> None:
    before = session.exec(select(func.count()).select_from(User)).one()
    body = {"email": email, "display_name": "Me Again", "role": "coordinator"}
    body["panel_id"] = world.panel.id  # type: ignore[assignment]
    r = client.post(USERS, json=body, headers=world.headers("admin"))
    assert r.status_code == 403, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["field"] == "email"
    session.rollback()  # a fresh snapshot: the app committed since
    assert session.exec(select(func.count()).select_from(User)).one() == before


def test_a_case_reading_account_waits_for_a_second_person(
    client: TestClient,
    visitor: TestClient,
    world: World,
    session: Session,
    settings: Settings,
) -> None:
    second_admin(session, settings, world)
    created = invite(client, world, role="coordinator", panel_id=world.panel.id)
    user_id = created["id"]
    # the person can set their password, but is not signed in until approved
    waiting = accept(visitor, created["invitation"]["link"])
    assert waiting.status_code == 200 and "waiting for approval" in waiting.text
    assert SESSION_COOKIE not in visitor.cookies
    login = {"email": created["email"], "password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/session", json=login).status_code == 401
    client.cookies.clear()
    # the creator can neither enable nor approve it
    etag = client.get(f"{USERS}/{user_id}", headers=world.headers("admin")).headers["etag"]
    enable = client.patch(
        f"{USERS}/{user_id}",
        json={"active": True},
        headers=world.headers("admin", **{"If-Match": etag}),
    )
    assert enable.status_code == 409 and enable.json()["errors"][0]["field"] == "active"
    mine = client.post(f"{USERS}/{user_id}/approval", headers=world.headers("admin"))
    assert mine.status_code == 403
    assert (
        client.post(f"{USERS}/{user_id}/approval", headers=world.headers("auditor")).status_code
        == 403
    )
    # a second admin approves
    ok = client.post(f"{USERS}/{user_id}/approval", headers=world.headers("admin2"))
    assert ok.status_code == 200, ok.text
    assert ok.json()["active"] and not ok.json()["awaiting_approval"]
    assert ok.json()["approved_by_user_id"] != world.users["admin"].id
    assert (
        client.post(f"{USERS}/{user_id}/approval", headers=world.headers("admin2")).status_code
        == 409
    )
    approved = events(session, user_id, "approved")
    assert len(approved) == 1 and approved[0].actor_label == "Second Admin"
    assert client.post("/api/v1/auth/session", json=login).status_code == 201


def test_the_chair_may_approve(client: TestClient, world: World, session: Session) -> None:
    created = invite(client, world, role="agency", agency_id=world.agencies["police"].id)
    r = client.post(f"{USERS}/{created['id']}/approval", headers=world.headers("chair"))
    assert r.status_code == 200 and r.json()["active"]
    assert r.json()["approved_by_user_id"] == world.users["chair"].id
    assert events(session, created["id"], "approved")[0].actor_role == "chair"


def test_an_admin_account_waits_too(client: TestClient, world: World) -> None:
    """Else one person could make a second admin account and approve their own requests."""
    created = invite(client, world, role="admin")
    mine = client.post(f"{USERS}/{created['id']}/approval", headers=world.headers("admin"))
    assert mine.status_code == 403
    assert "another admin or the chair" in mine.json()["detail"]


def test_a_new_role_needs_approval_again(
    client: TestClient, world: World, session: Session
) -> None:
    created = invite(client, world, role="admin", approved=True)
    url = f"{USERS}/{created['id']}"
    etag = client.get(url, headers=world.headers("admin")).headers["etag"]
    r = client.patch(
        url,
        json={"role": "chair", "panel_id": world.panel.id},
        headers=world.headers("admin", **{"If-Match": etag}),
    )
    assert r.status_code == 200, r.text
    assert r.json()["awaiting_approval"] and not r.json()["active"]
    assert events(session, created["id"], "awaiting_approval")
    mine = client.post(f"{url}/approval", headers=world.headers("admin"))
    assert mine.status_code == 403


def test_approval_can_be_switched_off(settings: Settings, world: World) -> None:
    one_person = settings.model_copy(update={"account_approval": "none"})
    body = {"email": "solo@example.org", "display_name": "Solo", "role": "coordinator"}
    body["panel_id"] = world.panel.id  # type: ignore[assignment]
    with TestClient(create_app(one_person), raise_server_exceptions=False) as client:
        r = client.post(USERS, json=body, headers=world.headers("admin"))
    assert r.status_code == 201 and r.json()["active"] and not r.json()["awaiting_approval"]


def test_the_admin_pages_show_the_link_once_and_the_approval(
    browser, world: World, session: Session, settings: Settings
) -> None:
    admin = browser("admin")
    r = admin.post(
        "/admin/users",
        {"display_name": "Owain Price", "email": "o.price@example.org", "role": "scrutiny"},
    )
    assert r.status_code == 200 and "/invitations/" in r.text and "User added" in r.text
    assert "waiting for approval by another admin or the chair" in r.text
    own = admin.post(
        "/admin/users",
        {"display_name": "Me", "email": "admin@example.org", "role": "auditor"},
    )
    assert own.status_code == 403 and 'href="#f-email"' in own.text
    user = session.exec(select(User).where(User.email == "o.price@example.org")).one()
    users_page = admin.get("/admin/users").text
    assert f'action="/admin/users/{user.id}/invitation"' in users_page
    assert f'action="/approvals/{user.id}"' not in users_page  # not for its creator
    refused = admin.post(f"/approvals/{user.id}")
    assert refused.status_code == 403 and "another admin or the chair" in refused.text
    new_link = admin.post(f"/admin/users/{user.id}/invitation")
    assert new_link.status_code == 200 and "New invitation link" in new_link.text
    withdrawn = admin.post(f"/admin/users/{user.id}/invitation/revoke")
    assert withdrawn.status_code == 303
    assert "no longer works" in admin.get(withdrawn.headers["location"]).text
    chair = browser("chair")
    listed = chair.get("/approvals")
    assert listed.status_code == 200 and "o.price@example.org" in listed.text
    approved = chair.post(f"/approvals/{user.id}")
    assert approved.status_code == 303
    assert "Account approved" in chair.get(approved.headers["location"]).text
    assert "Approved by Chair on" in admin.get("/admin/users").text
    session.rollback()  # a fresh snapshot: the app committed since
    assert session.get_one(User, user.id).active
    assert (
        session.exec(
            select(func.count()).select_from(Invitation).where(col(Invitation.user_id) == user.id)
        ).one()
        == 2
    )


def test_disabling_withdraws_the_open_link(
    client: TestClient, visitor: TestClient, world: World
) -> None:
    created = invite(client, world, approved=True)
    url = f"{USERS}/{created['id']}"
    for active in (False, True):
        etag = client.get(url, headers=world.headers("admin")).headers["etag"]
        r = client.patch(
            url, json={"active": active}, headers=world.headers("admin", **{"If-Match": etag})
        )
        assert r.status_code == 200 and r.json()["active"] is active
        page = visitor.get(path_of(created["invitation"]["link"]))
        assert page.status_code == 410 and "withdrawn" in page.text


def test_the_command_line_invites_approves_and_keeps_passwords_for_the_first_admin(
    settings: Settings,
    world: World,
    client: TestClient,
    visitor: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from riskpanel.cli import app as cli_app
    from riskpanel.config import get_settings

    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_ENVIRONMENT", "production")  # not development
    get_settings.cache_clear()
    try:
        cli = CliRunner()
        base = ["admin", "create-user", "--name", "Nia Jones", "--role", "scrutiny"]
        r = cli.invoke(cli_app, [*base, "--email", "nia@example.org"])
        assert r.exit_code == 0, r.output
        link = r.output.split("send it to the person): ")[1].split()[0]
        assert visitor.get(path_of(link)).status_code == 200
        waiting = invite(client, world, role="chair", panel_id=world.panel.id)
        assert "awaiting approval" in cli.invoke(cli_app, ["users", "list", "--all"]).output
        approved = cli.invoke(cli_app, ["users", "approve", str(waiting["id"])])
        assert approved.exit_code == 0, approved.output
        again = cli.invoke(cli_app, ["users", "approve", str(waiting["id"])])
        assert again.exit_code != 0  # no longer waiting
        refused = cli.invoke(
            cli_app,
            [*base, "--email", "nia2@example.org", "--password"],
            input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
        )
        assert refused.exit_code != 0 and "only the first admin" in str(refused.exception)
    finally:
        get_settings.cache_clear()
