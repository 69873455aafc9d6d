"""The pack's counts of assessments against the rows they come from, the 10-5 rule on small
counts, the counts in the pack's JSON, web page and PDF, and no identifier in a stored or
shown comment."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.auth import service as auth
from riskpanel.models import ScrutinyAssessment, ScrutinyFeedback
from riskpanel.privacy.suppression import round_to
from riskpanel.scrutiny.feedback.assessments.schemas import ANSWERS, GRADES, QUESTIONS
from tests.documents.documents_pdf import flat, read_pdf
from tests.fixtures import World
from tests.scrutiny.factories import dob_forms
from tests.scrutiny.feedback.assessments import BASE, assess, released
from tests.web.helpers import Browser, text

# 23 assessments: each question's answers and the grades, in the order members gave them.
PLAN = {
    "kept_informed": ["yes"] * 14 + ["no"] * 6 + ["cannot_tell"] * 3,
    "referred_to_support": ["yes"] * 11 + ["no"] * 12,
    "flagged_correctly": ["yes"] * 23,
    "response_timely": ["no"] * 10 + ["yes"] * 10 + ["cannot_tell"] * 3,
    "overall": ["good"] * 12 + ["adequate"] * 8 + ["needs_improvement"] * 3,
}


def _seed(session: Session, world: World, summary_ids: list[int]) -> list[ScrutinyAssessment]:
    """Assessments by 23 members, spread over the summaries (one per member per summary)."""
    rows = []
    for i in range(23):
        user = auth.create_user(
            session=session,
            email=f"member{i}@example.org",
            display_name=f"Member {i}",
            role="scrutiny",
            password="correct horse battery staple",
        )
        answers = {key: values[i] for key, values in PLAN.items()}
        rows.append(
            ScrutinyAssessment.model_validate(
                {"summary_id": summary_ids[i % len(summary_ids)], "user_id": user.id, **answers}
            )
        )
    session.add_all(rows)
    session.commit()
    return rows


def _shown(true: int) -> int | None:
    return None if true < 10 else max(round_to(true, 5), 10)


def _cells(table: dict[str, Any]) -> dict[tuple[str, str], int | None]:
    return {
        (row["label"], column): cell
        for row in table["rows"]
        for column, cell in zip(table["columns"], row["cells"], strict=True)
    }


def test_counts_match_the_rows_under_the_10_5_rule(
    client: TestClient, world: World, session: Session
) -> None:
    pack, _, shown = released(session, world, client)
    rows = _seed(session, world, [s["id"] for s in shown])
    figs = client.get(
        f"{BASE}/packs/{pack['id']}/assessment-figures", headers=world.headers("scrutiny")
    ).json()
    assert figs["assessments"] == round_to(len(rows), 5) == 25
    questions, overall = (_cells(t) for t in figs["tables"])
    for key, text_ in QUESTIONS.items():
        true = Counter(getattr(r, key) for r in rows)
        hidden = 0
        for answer, label in ANSWERS.items():
            cell = questions[(text_, label)]
            if true[answer] < 10:
                assert cell is None, (key, answer)
            if cell is None:
                hidden += 1
            else:
                assert cell == _shown(true[answer]), (key, answer)
        assert hidden != 1, key  # one hidden cell alone could be worked out from the total
        assert questions[(text_, "Total")] == 25
    # Secondary suppression: a row whose hidden cells add up to under 10 hides one more.
    assert [r["cells"] for r in figs["tables"][0]["rows"]] == [
        [None, None, None, 25],  # 14, 6, 3: 6 + 3 < 10, so 14 goes too
        [None, 10, None, 25],  # 11, 12, 0
        [None, None, None, 25],  # 23, 0, 0
        [10, None, None, 25],  # 10, 10, 3
    ]
    true_grades = Counter(r.overall for r in rows)
    for key, label in GRADES.items():
        cell = overall[(label, "Assessments")]
        assert cell is None if true_grades[key] < 10 else cell == _shown(true_grades[key])
    assert [r["cells"][0] for r in figs["tables"][1]["rows"]] == [10, None, None, 25]

    # The same counts in the pack's JSON (outside the release's digest) and on its page.
    member = world.headers("scrutiny")
    view = client.get(f"{BASE}/packs/{pack['id']}", headers=member).json()
    assert view["assessments"] == figs
    coordinator = client.get(f"{BASE}/packs/{pack['id']}", headers=world.headers("coordinator"))
    assert coordinator.json()["content_intact"] is True
    pdf = read_pdf(client.get(f"{BASE}/packs/{pack['id']}/pack.pdf", headers=member).content)
    printed = flat(" ".join(p.text for p in pdf))
    assert "Members' assessments: answers to each question" in printed
    assert "Members' assessments: overall grade" in printed


def test_small_counts_are_suppressed_everywhere(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    pack, _, shown = released(session, world, client)
    for s in shown:
        assert assess(client, world.headers("scrutiny"), s["id"]).status_code == 201
    figs = client.get(
        f"{BASE}/packs/{pack['id']}/assessment-figures", headers=world.headers("coordinator")
    ).json()
    assert figs["assessments"] is None
    assert all(c is None for t in figs["tables"] for r in t["rows"] for c in r["cells"])
    page = text(browser("scrutiny").get(f"/scrutiny/packs/{pack['id']}").text)
    assert "Fewer than 10 assessments" in page and "[c] suppressed" in page
    pdf = read_pdf(
        client.get(f"{BASE}/packs/{pack['id']}/pack.pdf", headers=world.headers("scrutiny")).content
    )
    printed = flat(" ".join(p.text for p in pdf))
    assert "Members' assessments: overall grade" in printed and "[c]" in printed


def test_no_identifier_reaches_a_stored_or_shown_comment(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    pack, factory, shown = released(session, world, client)
    coordinator = client.get(f"{BASE}/packs/{pack['id']}", headers=world.headers("coordinator"))
    source = {s["id"]: s["source_case_id"] for s in coordinator.json()["summaries"]}
    sid = shown[0]["id"]
    made = next(m for m in factory.made if m.case_id == source[sid])
    victim = made.people[0]
    other = next(m for m in factory.made if m is not made).people[0]
    assert victim.date_of_birth is not None
    comment = (
        f"{victim.given_name} {victim.family_name} of {victim.address_line}, "
        f"{victim.postcode} (born {victim.date_of_birth:%d/%m/%Y}, phone {victim.phone}, "
        f"{victim.email}) was never called back about {made.reference}; "
        f"{other.given_name} {other.family_name} was told first."
    )
    r = assess(client, world.headers("scrutiny"), sid, comment=comment)
    assert r.status_code == 201, r.text
    fb = client.post(
        f"{BASE}/summaries/{sid}/feedback",
        json={"rating": "red", "comment": comment},
        headers=world.headers("scrutiny"),
    )
    assert fb.status_code == 201  # the older free-text feedback is redacted the same way
    answer = f"We spoke to {victim.given_name} {victim.family_name} on {victim.phone}."
    answered = client.post(
        f"{BASE}/assessments/{r.json()['id']}/response",
        json={"response": answer},
        headers=world.headers("coordinator"),
    )
    assert answered.status_code == 200
    session.rollback()
    row = session.exec(select(ScrutinyAssessment)).one()
    feedback = session.exec(select(ScrutinyFeedback)).one()
    secrets = [*made.secrets, *dob_forms(victim.date_of_birth), other.given_name or ""]
    outputs = {
        "stored comment": row.comment,
        "stored answer": row.response or "",
        "stored feedback": feedback.comment,
        "API": client.get(f"{BASE}/assessments", headers=world.headers("scrutiny")).text,
        "page": browser("scrutiny")
        .get(f"/scrutiny/packs/{pack['id']}/summaries/{sid}/assessment")
        .text,
        "you said": browser("coordinator").get("/scrutiny/you-said-we-did").text,
    }
    for where, out in outputs.items():
        for secret in secrets:
            assert secret not in out, (where, secret)
    assert "never called back" in row.comment and "We spoke to" in (row.response or "")
