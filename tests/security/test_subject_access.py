"""Subject access: everything about a person, third parties redacted, disclosures listed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.audit.service import record
from riskpanel.cli import app as cli_app
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import AuditEvent, Case
from riskpanel.models.enums import AuditAction
from riskpanel.subject_access import require_nchi_justification
from riskpanel.subject_access.service import build_report
from tests.fixtures import World
from tests.security import builders

IG = Principal(role="admin", label="Information governance", user_id=None)
NARRATIVE = (
    "Amira Haddad was shouted at by Gary Pollard outside her flat. Gary Pollard has done "
    "this before; Tomasz Nowak saw it and called 07700 900123."
)


@pytest.fixture
def victim_case(session: Session, world: World) -> tuple[Case, int, int]:
    victim = builders.make_person(session, given_name="Amira", family_name="Haddad")
    perpetrator = builders.make_person(session, given_name="Gary", family_name="Pollard")
    witness = builders.make_person(
        session, given_name="Tomasz", family_name="Nowak", phone="07700 900123"
    )
    case = builders.make_case(
        session,
        panel_id=world.panel.id or 0,
        referring_agency_id=world.agencies["police"].id,
        victim=victim,
        narrative=NARRATIVE,
    )
    builders.add_party(session, case, perpetrator, "perpetrator")
    builders.add_party(session, case, witness, "witness")
    officer = Principal(
        role="agency", label="PC Example", user_id=5, agency_id=world.agencies["housing"].id
    )
    record(
        session=session,
        principal=officer,
        action=AuditAction.CONSULTATION,
        subject_type="case",
        subject_id=case.id,
        case_id=case.id,
        person_id=victim.id,
        purpose="research",
        fields=["narrative"],
    )
    session.commit()
    return case, victim.id or 0, perpetrator.id or 0


def test_report_for_the_victim(
    session: Session, world: World, victim_case: tuple[Case, int, int]
) -> None:
    case, victim_id, _ = victim_case
    report = build_report(session=session, principal=IG, person_id=victim_id)
    session.commit()
    assert report.status == "draft_for_review" and "REVIEW BEFORE RELEASE" in report.notice
    assert report.person["family_name"] == "Haddad" and "name_key" not in report.person
    [section] = report.cases
    assert section.reference == case.reference and section.role == "victim"
    assert section.other_people == ["perpetrator", "witness"]
    narrative = section.referrals[0].narrative or ""
    assert narrative.startswith("Amira Haddad was shouted at by [perpetrator]")
    assert "Pollard" not in narrative and "Nowak" not in narrative and "07700" not in narrative
    assert "[witness]" in narrative and "[PHONE]" in narrative
    assert section.incidents[0].strands == ["race"]
    assert report.redactions >= 4
    [seen] = [d for d in report.disclosures if d.purpose == "research"]
    assert seen.by_agency == "Test Housing" and seen.by_role == "agency"
    assert "PC Example" not in report.model_dump_json()  # staff are named by agency and role
    logged = session.exec(select(AuditEvent).where(AuditEvent.purpose == "subject_access")).one()
    assert logged.action == "disclosure" and logged.person_id == victim_id


def test_report_for_the_perpetrator_redacts_the_victim(
    session: Session, victim_case: tuple[Case, int, int]
) -> None:
    _, _, perpetrator_id = victim_case
    report = build_report(session=session, principal=IG, person_id=perpetrator_id)
    [section] = report.cases
    assert section.role == "perpetrator" and section.risk_level is None
    assert section.assessments == [] and section.victim_records == []
    narrative = section.referrals[0].narrative or ""
    assert "Haddad" not in narrative and "Amira" not in narrative
    assert narrative.startswith("[the victim] was shouted at by Gary Pollard")


def test_unknown_person(session: Session, world: World) -> None:
    with pytest.raises(Exception, match="no person"):
        build_report(session=session, principal=IG, person_id=999999)


def test_cli_writes_json_and_pdf(
    cli: CliRunner, tmp_path: Path, victim_case: tuple[Case, int, int]
) -> None:
    _, victim_id, _ = victim_case
    out = tmp_path / "sar.json"
    r = cli.invoke(cli_app, ["sar", "--person", str(victim_id), "--out", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert data["status"] == "draft_for_review" and data["cases"][0]["role"] == "victim"
    pdf = tmp_path / "sar.pdf"
    r = cli.invoke(
        cli_app, ["sar", "--person", str(victim_id), "--format", "pdf", "--out", str(pdf)]
    )
    assert r.exit_code == 0, r.output
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "OFFICIAL-SENSITIVE" in text and "REVIEW BEFORE RELEASE" in text
    assert "[perpetrator]" in text and "Pollard" not in text
    assert "Test Housing" in text


def test_nchi_subjects_need_a_justification() -> None:
    nchi = ["non_crime_hate_incident"]
    subject = {"given_name": "Sam", "family_name": "Example"}
    with pytest.raises(InvalidInput) as refused:
        require_nchi_justification(incident_kinds=nchi, role="perpetrator", person=subject)
    assert refused.value.errors[0].field == "nchi_justification"
    with pytest.raises(InvalidInput):
        require_nchi_justification(
            incident_kinds=nchi, role="perpetrator", person=subject, justification="risk"
        )
    require_nchi_justification(
        incident_kinds=nchi,
        role="perpetrator",
        person={**subject, "nchi_justification": "Threatened to come back with others tonight."},
    )
    # not needed: a crime, a victim, or no personal data at all
    require_nchi_justification(incident_kinds=["crime", *nchi], role="perpetrator", person=subject)
    require_nchi_justification(incident_kinds=nchi, role="victim", person=subject)
    require_nchi_justification(incident_kinds=nchi, role="perpetrator", person={"aliases": []})
