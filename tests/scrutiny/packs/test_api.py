"""The coordinator's workflow: draft, review with spans, remove more, release once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, ScrutinyPack, ScrutinySummary
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import MadeCase, ScrutinyFactory

BASE = flow.BASE


@pytest.fixture
def made(session: Session, world: World) -> list[MadeCase]:
    factory = ScrutinyFactory(session, world, seed=99)
    for i in range(5):
        factory.closed_case(strands=("race",) if i % 2 else ("religion", "disability"))
    return factory.made


def _summary(client: TestClient, world: World, pack_id: int, sid: int) -> dict[str, Any]:
    r = client.get(f"{BASE}/packs/{pack_id}/summaries/{sid}", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == r.json()["etag"]
    return r.json()


def test_draft_shows_projections_and_spans(
    client: TestClient, world: World, made: list[MadeCase]
) -> None:
    pack = flow.create_pack(client, world)
    assert pack["status"] == "draft" and pack["population"] == 5
    assert [s["label"] for s in pack["summaries"]] == [f"Case {c}" for c in "ABCDE"]
    s = pack["summaries"][0]
    assert s["pseudonym"].startswith("SC-") and s["source_case_id"] in {m.case_id for m in made}
    assert s["quasi"]["district"] and s["quasi"]["age_band"] and s["quasi"]["strands"]
    assert s["route"] == "High risk on the checklist"
    assert (s["risk_at_referral"], s["risk_at_closure"]) == ("high", "medium")
    assert [e["event"] for e in s["timeline"]][:2] == ["Referral received", "Screening"]
    assert s["timeline"][-1]["event"] == "Closed" and s["days_to_closure"] >= 100
    assert {a["agency_type"] for a in s["actions"]} == {"Housing", "Police", "Victim support"}
    assert all(c["met"] is True for c in s["victims_code"])
    for span in s["spans"]:  # every span covers its label in the redacted text
        text = s["narrative"] if span["field"] == "narrative" else None
        if text is not None:
            assert text[span["start"] : span["end"]] == span["label"]
    detail = _summary(client, world, pack["id"], s["id"])
    removed = [sp["removed"] for sp in detail["spans"]]
    assert all(removed) and detail["source_changed"] is False


def test_remove_a_range_needs_the_current_etag(client: TestClient, world: World, made: Any) -> None:
    pack = flow.create_pack(client, world)
    s = pack["summaries"][0]
    url = f"{BASE}/packs/{pack['id']}/summaries/{s['id']}/redactions"
    at = s["narrative"].index("shouted")
    body = {"start": at + 1, "end": at + 3}  # inside a word: grows to the whole word
    coordinator = world.headers("coordinator")
    assert client.post(url, json=body, headers=coordinator).status_code == 428
    stale = world.headers("coordinator", **{"If-Match": f'"scrutiny-summary-{s["id"]}-v9"'})
    assert client.post(url, json=body, headers=stale).status_code == 412
    fresh = world.headers("coordinator", **{"If-Match": s["etag"]})
    r = client.post(url, json={**body, "kind": "place"}, headers=fresh)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["etag"] != s["etag"] and r.headers["etag"] == out["etag"]
    word = s["narrative"][at:].split()[0]
    assert out["narrative"] == s["narrative"][:at] + "[PLACE]" + s["narrative"][at + len(word) :]
    manual = [sp for sp in out["spans"] if sp["origin"] == "manual"]
    assert manual and manual[0]["label"] == "[PLACE]"
    detail = _summary(client, world, pack["id"], s["id"])
    assert word in {sp["removed"] for sp in detail["spans"]}  # what it replaced, from the source


def test_remove_a_phrase_everywhere_in_the_summary(
    client: TestClient, world: World, made: Any
) -> None:
    pack = flow.create_pack(client, world)
    s = pack["summaries"][1]
    url = f"{BASE}/packs/{pack['id']}/summaries/{s['id']}/redactions"
    r = client.post(url, json={"phrase": "door camera"}, headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    assert "door camera" not in " ".join(a["text"] for a in r.json()["actions"])
    r = client.post(
        url, json={"phrase": "nowhere to be found"}, headers=world.headers("coordinator")
    )
    assert r.status_code == 422
    bad = client.post(
        url, json={"phrase": "x y", "start": 1, "end": 2}, headers=world.headers("coordinator")
    )
    assert bad.status_code == 422


def test_release_needs_every_summary_reviewed_or_withheld(
    client: TestClient, world: World, made: Any
) -> None:
    pack = flow.create_pack(client, world)
    pid = pack["id"]
    coordinator = world.headers("coordinator")
    r = client.post(
        f"{BASE}/packs/{pid}/release", json={"recipients": ["Group"]}, headers=coordinator
    )
    assert r.status_code == 409 and len(r.json()["not_reviewed"]) == 5
    first, *rest = pack["summaries"]
    r = client.post(
        f"{BASE}/packs/{pid}/summaries/{first['id']}/withhold",
        json={"reason": "Victim is well known locally"},
        headers=coordinator,
    )
    assert r.status_code == 200 and r.json()["withheld"]
    flow.review_all(client, world, {**pack, "summaries": rest})
    out = flow.release(client, world, pid, ("Testshire Community Scrutiny Panel", "Chair"))
    assert out["status"] == "released" and out["content_intact"] is True
    assert len(out["content_sha256"]) == 64 and out["statistics"]["tables"]
    assert out["recipients"] == ["Chair", "Testshire Community Scrutiny Panel"]


def test_a_released_pack_cannot_change(
    client: TestClient, world: World, made: Any, session: Session
) -> None:
    pack = flow.released_pack(client, world)
    pid, sid = pack["id"], pack["summaries"][0]["id"]
    coordinator = world.headers("coordinator", **{"If-Match": pack["summaries"][0]["etag"]})
    attempts = [
        ("post", f"/packs/{pid}/summaries/{sid}/redactions", {"phrase": "mosque"}),
        ("post", f"/packs/{pid}/summaries/{sid}/redactions", {"start": 0, "end": 3}),
        ("post", f"/packs/{pid}/summaries/{sid}/reviewed", {"reviewed": False}),
        ("post", f"/packs/{pid}/summaries/{sid}/withhold", {"reason": "late thought"}),
        ("post", f"/packs/{pid}/release", {"recipients": ["Someone else"]}),
        ("delete", f"/packs/{pid}", None),
    ]
    before = session.exec(select(ScrutinySummary).where(ScrutinySummary.pack_id == pid)).all()
    snapshot = [(s.narrative, s.reviewed, s.withheld, s.removed_spans) for s in before]
    for method, path, body in attempts:
        r = client.request(method, BASE + path, json=body, headers=coordinator)
        assert r.status_code == 409, (path, r.text)
    session.expire_all()
    after = session.exec(select(ScrutinySummary).where(ScrutinySummary.pack_id == pid)).all()
    assert [(s.narrative, s.reviewed, s.withheld, s.removed_spans) for s in after] == snapshot
    again = client.get(f"{BASE}/packs/{pid}", headers=world.headers("coordinator")).json()
    assert again["content_intact"] is True and again["content_sha256"] == pack["content_sha256"]


def test_release_and_downloads_are_disclosures_with_recipients(
    client: TestClient, world: World, made: Any, session: Session
) -> None:
    pack = flow.released_pack(client, world)
    pid = pack["id"]
    r = client.get(f"{BASE}/packs/{pid}/statistics.csv", headers=world.headers("scrutiny"))
    assert r.status_code == 200
    events = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.action) == "disclosure")
        .order_by(col(AuditEvent.id))
    ).all()
    pack_events = [e for e in events if e.subject_type == "scrutiny_pack"]
    assert pack_events[0].recipients == ["Panel group"]
    assert pack_events[0].detail["sha256"] == pack["content_sha256"]
    sent = [s for s in pack["summaries"] if not s["withheld"]]
    per_case = [e for e in events if e.subject_type == "scrutiny_summary"]
    assert {e.case_id for e in per_case} == {s["source_case_id"] for s in sent}
    csv_event = [e for e in events if e.subject_type == "scrutiny_statistics"][-1]
    assert csv_event.actor_role == "scrutiny" and csv_event.recipients
    reads = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "consultation")).all()
    assert any(e.subject_type == "scrutiny_summary" and e.case_id for e in reads)


def test_pseudonyms_do_not_link_packs_and_labels_are_local(
    client: TestClient, world: World, made: list[MadeCase], session: Session
) -> None:
    one = flow.create_pack(client, world)
    two = flow.create_pack(client, world, seed=8)
    first = {s["source_case_id"]: s["pseudonym"] for s in one["summaries"]}
    second = {s["source_case_id"]: s["pseudonym"] for s in two["summaries"]}
    assert first.keys() == second.keys()
    assert all(first[c] != second[c] for c in first)
    for pack in (one, two):  # labels follow the pseudonyms, not the case ids
        ordered = sorted(pack["summaries"], key=lambda s: s["pseudonym"])
        assert [s["label"] for s in ordered] == [f"Case {c}" for c in "ABCDE"]


def test_a_draft_can_be_discarded(
    client: TestClient, world: World, made: Any, session: Session
) -> None:
    pack = flow.create_pack(client, world)
    r = client.delete(f"{BASE}/packs/{pack['id']}", headers=world.headers("coordinator"))
    assert r.status_code == 204
    assert session.get(ScrutinyPack, pack["id"]) is None
    assert (
        client.get(f"{BASE}/packs/{pack['id']}", headers=world.headers("coordinator")).status_code
        == 404
    )


def test_bad_input(client: TestClient, world: World) -> None:
    c = world.headers("coordinator")
    for body in (
        {"period_start": "2025-02-01", "period_end": "2025-01-01", "sample_size": 5},
        {"period_start": "2025-01-01", "period_end": "2025-02-01", "sample_size": 0},
        {"period_start": "2025-01-01", "period_end": "2025-02-01", "sample_size": 5, "extra": 1},
        {"period_start": "2025-01-01", "period_end": "2025-02-01", "sample_size": 5, "k": 1},
    ):
        assert client.post(f"{BASE}/packs", json=body, headers=c).status_code == 422
    empty = flow.create_pack(client, world)
    assert empty["summaries"] == [] and empty["population"] == 0
