"""Projections and redaction of one summary; span bookkeeping (pure)."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.auth import service as auth
from riskpanel.models import Referral
from riskpanel.privacy import KnownPerson, Role, redact
from riskpanel.scrutiny.summaries.spans import (
    from_result,
    phrase_pattern,
    replace_pattern,
    replace_range,
)
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import ScrutinyFactory


def test_staff_names_are_removed_but_role_words_are_kept(
    client: TestClient, world: World, session: Session
) -> None:
    auth.create_user(
        session=session,
        email="pr@example.org",
        display_name="Priya Raman",
        role="agency",
        agency_id=world.agencies["housing"].id,
        password="x" * 20,
    )
    made = ScrutinyFactory(session, world, seed=12).closed_case()
    referral = session.exec(select(Referral).where(Referral.case_id == made.case_id)).one()
    referral.narrative += " Priya from housing visited; Police Officer on duty noted it."
    session.add(referral)
    session.commit()
    pack = flow.create_pack(client, world)
    narrative = pack["summaries"][0]["narrative"]
    assert "Priya" not in narrative and "Raman" not in narrative
    assert "Police Officer on duty" in narrative  # "Police Officer" is a test account, not a name


def test_victims_code_repeat_and_withdrawn_cases(
    client: TestClient, world: World, session: Session
) -> None:
    factory = ScrutinyFactory(session, world, seed=13)
    late = factory.closed_case(support_in_time=False, repeat=True)
    factory.closed_case(state="withdrawn")  # concluded but not closed: not in a pack
    pack = flow.create_pack(client, world)
    assert [s["source_case_id"] for s in pack["summaries"]] == [late.case_id]
    s = pack["summaries"][0]
    checks = {c["requirement"]: c["met"] for c in s["victims_code"]}
    assert checks["Referred to a support service in time (2 working days)"] is False
    assert checks["First update given in time (1 working day)"] is True
    assert s["repeat"] is True
    assert "Actions open" in [e["event"] for e in s["timeline"][8:]]  # reopened by the repeat


def test_age_band_and_month_are_generalised(
    client: TestClient, world: World, session: Session
) -> None:
    ScrutinyFactory(session, world, seed=14).closed_case(
        age=37, referred_on=date(2025, 3, 17), closed_on=date(2025, 9, 1)
    )
    quasi = flow.create_pack(client, world)["summaries"][0]["quasi"]
    assert quasi["age_band"] == "30-39" and quasi["month"] == "2025-03-01"
    assert quasi["area"] == "Testshire"


def test_ranges_grow_to_words_and_labels_and_keep_source_offsets() -> None:
    source = "Anna Nowak met a neighbour at the mosque on Tuesday."
    result = redact(source, [KnownPerson(name="Anna Nowak", role=Role.VICTIM)])
    text, spans = result.text, from_result(result)
    assert text.startswith("[VICTIM] met ")
    at = text.index("neighbour")
    text2, spans2 = replace_range(
        text, spans, at + 1, at + 3, kind="person", label="[PERSON]", origin="manual"
    )
    assert text2 == "[VICTIM] met a [PERSON] at the mosque on Tuesday."
    manual = next(s for s in spans2 if s["origin"] == "manual")
    assert source[manual["source"][0] : manual["source"][1]] == "neighbour"
    # A range touching a label swallows the label whole, and maps back to both removals.
    text3, spans3 = replace_range(
        text2, spans2, 5, 17, kind="other", label="[REDACTED]", origin="manual"
    )
    assert text3 == "[REDACTED] at the mosque on Tuesday."
    assert source[slice(*spans3[0]["source"])] == "Anna Nowak met a neighbour"
    text4, spans4, n = replace_pattern(
        text3, spans3, phrase_pattern("tuesday"), kind="other", label="[REDACTED]", origin="manual"
    )
    assert n == 1 and text4.endswith("on [REDACTED].")
    for s in spans4:
        assert text4[s["start"] : s["end"]] == s["label"]
    assert re.search(r"\bmosque\b", text4)
