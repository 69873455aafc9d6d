"""Agency API keys in the admin pages: issued (shown once), rotated with an overlap, revoked."""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent
from tests.fixtures import World
from tests.web.helpers import Browser, summary_links, text


def _token(html: str) -> str:
    match = re.search(r'id="issued-token" type="text" value="([^"]+)"', html)
    assert match, "no key shown"
    return match.group(1)


def _works(browser: Browser, token: str) -> int:
    r = browser.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    return r.status_code


def test_admin_issues_a_key_that_is_shown_once(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    admin = browser("admin")
    page = admin.get("/admin/keys")
    assert "Issue a key" in text(page.text) and 'id="issued-token"' not in page.text
    r = admin.post("/admin/keys", {"expires_in_days": "999"})
    assert r.status_code == 422
    assert summary_links(r.text) == ["f-agency-id", "f-name", "f-expires-in-days"]
    for anchor in summary_links(r.text):
        assert f'id="{anchor}"' in r.text
    police = world.agencies["police"].id
    r = admin.post(
        "/admin/keys",
        {"agency_id": str(police), "name": "Niche records bridge", "expires_in_days": "90"},
    )
    assert r.status_code == 200 and "Key issued" in text(r.text)
    token = _token(r.text)
    assert token.startswith("rpk_") and _works(admin, token) == 200
    again = admin.get("/admin/keys")
    assert token not in again.text and "Niche records bridge" in again.text
    assert token.split("_")[1] in again.text  # the public prefix stays visible
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.subject_type) == "api_credential")
        ).all()
        assert any((e.detail or {}).get("change") == "issued" for e in events)
        assert all(token not in str(e.detail) for e in events)


def test_admin_rotates_a_key_with_an_overlap_and_revokes_it(
    browser: type[Browser], world: World
) -> None:
    admin = browser("admin")
    old_token = world.tokens["police_system"]
    page = admin.get("/admin/keys")
    rotate = re.findall(r'action="(/admin/keys/\d+/(\d+)/rotate)"', page.text)[0]
    path, key_id = rotate
    r = admin.post(path, {f"overlap-{key_id}": "a day"})
    assert r.status_code == 422 and summary_links(r.text) == [f"f-overlap-{key_id}"]
    assert f'id="f-overlap-{key_id}"' in r.text
    r = admin.post(path, {f"overlap-{key_id}": "90"})
    assert r.status_code == 200 and "Key rotated" in text(r.text)
    new_token = _token(r.text)
    assert new_token != old_token
    assert _works(admin, new_token) == 200 and _works(admin, old_token) == 200  # overlap
    assert "Active until" in text(r.text)
    again = admin.post(path, {f"overlap-{key_id}": "0"})
    assert again.status_code == 409 and summary_links(again.text) == ["keys"]
    r = admin.post(path.replace("/rotate", "/revoke"))
    assert r.status_code == 303
    assert _works(admin, old_token) == 401 and _works(admin, new_token) == 200


def test_only_admins_with_the_forms_token_manage_keys(browser: type[Browser], world: World) -> None:
    police = world.agencies["police"].id
    form = {"agency_id": str(police), "name": "Rogue key"}
    for actor in ("coordinator", "police_officer", "auditor"):
        assert browser(actor).post("/admin/keys", form).status_code == 403, actor
    admin = browser("admin")
    r = admin.client.post("/admin/keys", data=form, follow_redirects=False)
    assert r.status_code == 403 and "Rogue key" not in admin.get("/admin/keys").text
