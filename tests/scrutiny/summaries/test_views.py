"""One projection feeds every view of a summary: the member's web page, the JSON and the PDF
print the same lines (``shown``), the coordinator's pages print them generalised as released,
the subject of scrutiny (strands, incident type, perception, online, route, agencies) is shown,
and sex or gender is the one the victim gave, never inferred (issue 17)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.models import ScrutinySummary
from riskpanel.privacy.kanon import _DESCRIBE
from tests.documents.documents_pdf import flat, read_pdf
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import ScrutinyFactory
from tests.web.helpers import Browser, text

SCRUTINISED = (
    "Strands",
    "Crime or non-crime incident",
    "Hostility perceived by",
    "Online",
    "Route into the panel",
    "Agencies involved",
)


def _crowd(factory: ScrutinyFactory, n: int, **quasi: object) -> None:
    for i in range(n):
        factory.closed_case(
            referred_on=date(2025, 2, 3 + i),
            closed_on=date(2025, 8, 1 + i),
            **quasi,  # type: ignore[arg-type]
        )


def _as_shown(value: str) -> str:
    special = {"withheld": "Withheld to protect identity", "unknown": "Not recorded"}
    return special.get(value, value[:1].upper() + value[1:])


def _pdf_text(client: TestClient, world: World, pack_id: int) -> str:
    r = client.get(f"{flow.BASE}/packs/{pack_id}/pack.pdf", headers=world.headers("scrutiny"))
    assert r.status_code == 200
    return " ".join(page.flat for page in read_pdf(r.content))


def test_web_json_and_pdf_print_the_same_lines(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    f = ScrutinyFactory(session, world, seed=77)
    _crowd(f, 4, strands=("race",), district="Northgate", age=34, sex="female")
    _crowd(f, 3, strands=("religion", "disability"), district="Southbank", age=61)
    pack = flow.released_pack(client, world, sample_size=20, k=3)
    member = client.get(f"{flow.BASE}/packs/{pack['id']}", headers=world.headers("scrutiny"))
    summaries = member.json()["summaries"]
    assert len(summaries) >= 4
    web = text(browser("scrutiny").get(f"/scrutiny/packs/{pack['id']}").text)
    pdf = _pdf_text(client, world, pack["id"])
    coordinator = text(browser("coordinator").get(f"/scrutiny/review/packs/{pack['id']}").text)
    for s in summaries:
        shown = {f["label"]: f["value"] for f in s["shown"]}
        assert tuple(shown)[: len(SCRUTINISED)] == SCRUTINISED
        assert shown["Strands"] == ", ".join(s["strands"]) and "Not recorded" not in s["strands"]
        risk = s["risk_at_referral"]
        assert shown["Risk at referral"] == (risk.capitalize() if risk else "Not recorded")
        for label, key in (
            ("Sex or gender (as the victim gave it)", "sex"),
            ("Age band", "age_band"),
        ):
            assert shown[label] == _as_shown(s[key])
        lines = [f"{f['label']} {f['value']}" for f in s["shown"]]
        for line in lines:
            assert line in web, (s["label"], line)
            assert flat(line) in pdf, (s["label"], line)
        assert "; ".join(shown.values()) in coordinator  # one line a summary, as released
        for e in s["timeline"]:
            assert f"{e['day']} {e['event']}" in web and f"{e['day']} {e['event']}" in pdf


def test_a_risk_not_recorded_is_not_recorded_in_every_view(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    f = ScrutinyFactory(session, world, seed=77)
    _crowd(f, 3, strands=("race",), district="Northgate", age=34, sex="female")
    pack = flow.create_pack(client, world, k=3)
    for row in (session.get_one(ScrutinySummary, s["id"]) for s in pack["summaries"]):
        row.attributes = {**row.attributes, "risk_at_referral": None, "risk_at_closure": None}
        session.add(row)
    session.commit()
    flow.review_all(client, world, pack)
    flow.release(client, world, pack["id"])
    pdf = _pdf_text(client, world, pack["id"])
    web = text(browser("scrutiny").get(f"/scrutiny/packs/{pack['id']}").text)
    for view in (pdf, web):
        assert "Risk at referral Not recorded Risk at closure Not recorded" in view
        assert "Standard" not in view
    assert "Closed cases summarised fewer than 10" in pdf  # a count below 10 is not printed


def test_gender_is_the_one_the_victim_gave(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    f = ScrutinyFactory(session, world, seed=77)
    _crowd(
        f,
        3,
        strands=("transgender",),
        district="Eastfield",
        age=28,
        sex="male",
        gender="Trans woman",
    )
    pack = flow.released_pack(client, world, k=3)
    member = client.get(f"{flow.BASE}/packs/{pack['id']}", headers=world.headers("scrutiny"))
    summaries = member.json()["summaries"]
    assert len(summaries) == 3 and member.json()["generalised"] == []
    for s in summaries:
        assert s["sex"] == "trans woman"
        assert {"label": "Sex or gender (as the victim gave it)", "value": "Trans woman"} in s[
            "shown"
        ]
        assert s["age_band"] == "20-29" and s["district"] == "Eastfield"
        assert s["period"] == "February 2025"
    web = text(browser("scrutiny").get(f"/scrutiny/packs/{pack['id']}").text)
    pdf = _pdf_text(client, world, pack["id"])
    for view in (web, pdf):
        assert "Trans woman" in view and " male" not in view.lower().replace("female", "")


def test_the_coordinator_sees_what_will_be_generalised_not_the_precise_values(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    f = ScrutinyFactory(session, world, seed=77)
    _crowd(f, 3, strands=("race",), district="Northgate", age=34, sex="female")
    _crowd(f, 3, strands=("race",), district="Southbank", age=36, sex="female")
    pack = flow.create_pack(client, world, k=5)
    steps = pack["kanon"]["generalised"]
    assert "districts shown as their wider area" in steps
    assert set(steps) <= set(_DESCRIBE.values())
    coordinator = world.headers("coordinator")
    for s in pack["summaries"]:
        assert s["quasi"]["district"] in ("Northgate", "Southbank")  # kept for the review
        shown = {f["label"]: f["value"] for f in s["shown"]}
        assert shown["District or area"] == "Testshire"
        assert s["generalised"][-len(steps) :] == steps
        one = client.get(f"{flow.BASE}/packs/{pack['id']}/summaries/{s['id']}", headers=coordinator)
        assert one.json()["shown"] == s["shown"]
    page = text(browser("coordinator").get(f"/scrutiny/review/packs/{pack['id']}").text)
    assert "Northgate" not in page and "Southbank" not in page and "Testshire" in page
