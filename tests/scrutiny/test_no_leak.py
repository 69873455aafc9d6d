"""No value from any case's structured record reaches a scrutiny member, by any route.

Every released summary, every JSON answer a scrutiny member can get, the CSV and the PDF
text are searched for every name, alias, address, postcode, phone number, email, crime
reference, case and referral reference, incident place, online handle and date of birth (in
every format the narratives use) of every person in every case of the panel.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.scrutiny.members.pages import RATINGS
from tests.documents.documents_pdf import read_pdf
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import MadeCase, ScrutinyFactory, dob_forms
from tests.web.helpers import Browser
from tests.web.helpers import text as visible_text

NAME = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def _present(secret: str, text: str) -> bool:
    if NAME.fullmatch(secret) or re.fullmatch(r"[A-Za-z'\- ]+", secret):
        # Names as the record writes them, or shouted: whole words, case as written.
        return any(
            re.search(rf"(?<![A-Za-z]){re.escape(form)}(?![A-Za-z])", text)
            for form in (secret, secret.upper())
        )
    return secret.lower() in text.lower()


def leaks(text: str, made: list[MadeCase]) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    found = [s for m in made for s in m.secrets if _present(s, flat)]
    found += [form for m in made for dob in m.dobs for form in dob_forms(dob) if form in flat]
    return found


@pytest.fixture
def made(session: Session, world: World) -> list[MadeCase]:
    factory = ScrutinyFactory(session, world, seed=4242)
    for i in range(6):
        factory.closed_case(
            strands=("race",),
            district="Northgate",
            age=34,
            sex="female",
            referred_on=date(2025, 2, 3 + i),
            closed_on=date(2025, 8, 1 + i),
        )
    for i in range(6):
        factory.closed_case(
            strands=("religion",),
            district="Southbank",
            age=52,
            sex="male",
            referred_on=date(2025, 3, 3 + i),
            closed_on=date(2025, 9, 1 + i),
        )
    factory.closed_case(strands=("disability", "transgender"), route="repeat", repeat=True)
    factory.closed_case(strands=("sexual_orientation",), state="withdrawn")
    return factory.made


def test_nothing_from_the_record_reaches_a_scrutiny_member(
    client: TestClient, browser: type[Browser], world: World, made: list[MadeCase]
) -> None:
    assert sum(len(m.secrets) for m in made) > 300  # the check has plenty to look for
    pack = flow.released_pack(client, world, sample_size=20)
    pid = pack["id"]
    member = world.headers("scrutiny")
    released = [s for s in pack["summaries"] if not s["withheld"]]
    assert released, "the population was built so that k-anonymity releases summaries"

    outputs: dict[str, str] = {}
    for name, path in [
        ("list", "/packs"),
        ("pack", f"/packs/{pid}"),
        ("statistics", f"/packs/{pid}/statistics"),
        ("all statistics", "/statistics"),
        ("csv", f"/packs/{pid}/statistics.csv"),
        ("feedback report", f"/packs/{pid}/feedback-report"),
    ]:
        r = client.get(flow.BASE + path, headers=member)
        assert r.status_code == 200, (name, r.text)
        outputs[name] = r.text
    r = client.get(f"{flow.BASE}/packs/{pid}/pack.pdf", headers=member)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    outputs["pdf"] = "\n".join(page.text for page in read_pdf(r.content))
    pages = browser("scrutiny")
    for path in ("/scrutiny", f"/scrutiny/packs/{pid}", "/scrutiny/statistics"):
        page = pages.get(path)
        assert page.status_code == 200, path
        chrome = [label for _, label in RATINGS]  # "Amber: some concerns" is not a person
        outputs[f"web {path}"] = re.sub("|".join(map(re.escape, chrome)), " ", page.text)

    for s in released:  # the stored summaries too, as released
        outputs[f"summary {s['label']}"] = s["narrative"] + " ".join(
            a["text"] for a in s["actions"]
        )
    for name, text in outputs.items():
        assert leaks(text, made) == [], name

    # The PDF and JSON really carry the summaries (a blank output would pass the check above).
    member_pack = client.get(f"{flow.BASE}/packs/{pid}", headers=member).json()
    assert len(member_pack["summaries"]) == len(released)
    assert "[VICTIM]" in outputs["pdf"] and "[PERPETRATOR]" in outputs["pdf"]
    assert "mosque" in outputs["pack"]  # the words that explain the hostility stay
    assert "Strands Race" in visible_text(outputs[f"web /scrutiny/packs/{pid}"])


def test_the_check_itself_finds_a_planted_leak(made: list[MadeCase]) -> None:
    victim = made[0].people[0]
    dob = made[0].dobs[0]
    assert leaks(f"seen with {victim.family_name} today", made)
    assert leaks(f"SHOUTED {(victim.given_name or '').upper()}", made)
    assert leaks(f"call {victim.phone}", made)
    assert leaks(f"born {dob:%d/%m/%Y}", made)
    assert leaks(f"{made[0].reference}", made)
    assert not leaks("[VICTIM] was abused outside the mosque.", made)


def test_people_from_other_cases_are_removed_by_the_panel_deny_list(
    client: TestClient, world: World, made: list[MadeCase]
) -> None:
    """Each narrative names the victim of the case made before it (a neighbour)."""
    pack = flow.create_pack(client, world, sample_size=20)
    coordinator = world.headers("coordinator")
    by_case = {m.case_id: i for i, m in enumerate(made)}
    checked = 0
    for s in pack["summaries"]:
        index = by_case[s["source_case_id"]]
        r = client.get(f"{flow.BASE}/packs/{pack['id']}/summaries/{s['id']}", headers=coordinator)
        body = r.json()
        assert r.status_code == 200 and body["source_changed"] is False
        removed = {sp["removed"] for sp in body["spans"] if sp["kind"] == "person"}
        if index > 0:
            other = made[index - 1].people[0]
            assert f"{other.given_name} {other.family_name}" in removed
            checked += 1
        assert leaks(s["narrative"], made) == []
    assert checked >= 10
