"""Scrutiny members, administrators and auditors."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.fixtures import World
from tests.web.helpers import Browser, hidden, text
from tests.web.journeys import released_pack


def test_scrutiny_member_reads_a_pack_and_gives_feedback(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    pack, factory = released_pack(session, world, client)
    member = browser("scrutiny")
    listing = member.get("/scrutiny")
    assert pack["title"] in text(listing.text)
    page = member.get(f"/scrutiny/packs/{pack['id']}")
    body = text(page.text)
    assert "Summaries" in body and "Figures" in body and "Chart:" in body
    for made in factory.made:
        for secret in made.secrets:
            assert secret not in body, secret
    assert 'id="summary-' in page.text
    summary_id = int(page.text.split('id="summary-')[1].split('"')[0])
    r = member.post(f"/scrutiny/packs/{pack['id']}/summaries/{summary_id}/feedback", {})
    assert r.status_code == 422 and f'href="#f-{summary_id}-rating"' in r.text
    r = member.post(
        f"/scrutiny/packs/{pack['id']}/summaries/{summary_id}/feedback",
        {"rating": "amber", "comment": "Slow support referral."},
    )
    assert r.status_code == 303
    assert "Slow support referral." in text(member.get(f"/scrutiny/packs/{pack['id']}").text)
    stats = text(member.get("/scrutiny/statistics").text)
    assert "Statistics" in stats and "suppressed" in stats


def test_admin_pages(browser: type[Browser], world: World) -> None:
    admin = browser("admin")
    page = admin.get("/admin/users")
    assert "coordinator@example.org" in page.text
    r = admin.post(
        "/admin/users", {"display_name": "New Person", "email": "not-an-email", "role": "auditor"}
    )
    assert r.status_code == 422 and 'href="#f-email"' in r.text
    r = admin.post(
        "/admin/users",
        {
            "display_name": "New Person",
            "email": "new@example.org",
            "role": "auditor",
        },
    )
    assert r.status_code == 200 and "User added" in r.text
    assert "/invitations/" in r.text and "waiting for approval" in r.text
    page = admin.get("/admin/users")
    assert "new@example.org" in page.text
    assert "waiting for approval by another admin or the chair" in page.text
    assert "Test Police" in text(admin.get("/admin/agencies").text)
    keys = admin.get("/admin/keys")
    assert "police system" in keys.text
    action = re.findall(r'action="(/admin/keys/\d+/\d+/revoke)"', keys.text)[0]
    assert admin.post(action).status_code == 303
    assert "Revoked or expired" in admin.get("/admin/keys").text


def test_auditor_filters_the_access_log(browser: type[Browser], world: World) -> None:
    browser("coordinator").get("/cases")
    auditor = browser("auditor")
    page = auditor.get("/audit")
    assert page.status_code == 200 and "Case list" in text(page.text)
    r = auditor.get("/audit?case=abc")
    assert r.status_code == 422 and 'href="#f-case"' in r.text
    filtered = text(auditor.get("/audit?action=sign_in").text)
    assert "Sign in" in filtered and "Case list" not in filtered
    assert hidden(page.text, "csrf_token")
