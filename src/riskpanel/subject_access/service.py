"""Gathering everything held about one person, for a subject access request.

The output is a draft for review: third parties are redacted to their role, and the list
of disclosures comes from the access log (who consulted or received the person's data,
named by role and agency, not by member of staff). Producing it is itself logged as a
disclosure, so the log shows when a response was prepared.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from riskpanel.audit.cases import About, record_on
from riskpanel.kit.errors import NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, Person, Referral, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.people import repository as people_repo
from riskpanel.subject_access import repository as repo
from riskpanel.subject_access import schemas as s
from riskpanel.subject_access.redaction import ROLE_LABELS, ThirdPartyRedactor, known_person

INTERNAL_FIELDS = {"name_key", "merged_into_id"}
DISCLOSING = {"consultation", "disclosure", "combination", "collection", "alteration", "erasure"}


def person_record(person: Person) -> dict[str, Any]:
    data = person.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in INTERNAL_FIELDS}


class _Names:
    """Agency names by id, loaded once."""

    def __init__(self, session: Session) -> None:
        self.by_id = repo.agency_names(session)

    def __call__(self, agency_id: int | None) -> str | None:
        return self.by_id.get(agency_id) if agency_id is not None else None


def _referral_entry(r: Referral, red: ThirdPartyRedactor, names: _Names) -> s.ReferralEntry:
    return s.ReferralEntry(
        reference=r.reference,
        received_at=r.received_at,
        status=r.status,
        referring_agency=names(r.referring_agency_id),
        narrative=red(r.narrative),
        why_answer=red(r.why_answer),
    )


def _redactor(
    session: Session, case: Case, subject: Person
) -> tuple[ThirdPartyRedactor, list[str]]:
    others: list[tuple[Any, str]] = []
    roles: list[str] = []
    parties = repo.case_parties(session, case.id)
    people = {(p.person_id, p.role) for p in parties if p.person_id is not None}
    if case.victim_person_id is not None:
        people.add((case.victim_person_id, "victim"))
    for person_id, role in sorted(people, key=lambda x: (x[0] or 0, x[1])):
        if person_id == subject.id:
            continue
        roles.append(ROLE_LABELS.get(role, role))
        other = session.get(Person, person_id)
        known = known_person(other, role) if other else None
        if known:
            others.append((known, role))
    subject_known = known_person(subject, "other")
    return ThirdPartyRedactor(subject=subject_known, others=others), sorted(roles)


def _case_section(
    session: Session, case: Case, role: str, subject: Person, names: _Names
) -> tuple[s.CaseSection, int]:
    red, other_roles = _redactor(session, case, subject)
    is_victim = role == "victim"
    section = s.CaseSection(
        reference=case.reference,
        role=role,
        state=case.state,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        risk_level=case.risk_level if is_victim else None,
        other_people=other_roles,
        referrals=[_referral_entry(r, red, names) for r in repo.case_referrals(session, case.id)],
        incidents=_incidents(session, case, red),
        actions=[
            s.ActionEntry(
                reference=a.reference,
                agency=names(a.agency_id),
                description=red(a.description),
                due_on=a.due_on,
                progress=a.progress,
            )
            for a in repo.case_actions(session, case.id)
        ],
        shared_at_meetings=_shared(session, case, red, names),
        history=[
            f"{h.at.date().isoformat()}: {h.from_state} -> {h.to_state}"
            for h in repo.case_history(session, case.id)
        ],
    )
    if is_victim:
        section.assessments = _assessments(session, case, red)
        section.victim_records = _victim_records(session, case, subject, red)
    return section, red.removed


INCIDENT_FIELDS = set(s.IncidentEntry.model_fields) - {"strands", "description"}
"""What a subject access report copies from an incident as stored; the rest is redacted or
derived."""


def _incidents(session: Session, case: Case, red: ThirdPartyRedactor) -> list[s.IncidentEntry]:
    incidents = repo.case_incidents(session, case.id)
    strands = repo.incident_strands(session, (i.id for i in incidents if i.id is not None))
    return [
        s.IncidentEntry(
            **i.model_dump(include=INCIDENT_FIELDS),
            strands=sorted(strands[i.id or 0]),
            description=red(i.description),
        )
        for i in incidents
    ]


def _assessments(session: Session, case: Case, red: ThirdPartyRedactor) -> list[s.AssessmentEntry]:
    rows = repo.case_assessments(session, case.id)
    return [
        s.AssessmentEntry(
            assessed_at=a.assessed_at,
            checklist=f"{a.checklist_name} v{a.checklist_version}",
            score=a.score,
            level=a.level,
            judgement_reason=red(a.judgement_reason),
        )
        for a in rows
    ]


def _victim_records(
    session: Session, case: Case, subject: Person, red: ThirdPartyRedactor
) -> list[s.VictimRecordEntry]:
    updates = repo.victim_updates(session, case.id, subject.id)
    support = repo.support_referrals(session, case.id, subject.id)
    out = [
        s.VictimRecordEntry(
            kind=f"update: {u.kind} ({u.method})", at=u.given_at, detail=red(u.summary)
        )
        for u in updates
    ]
    out += [
        s.VictimRecordEntry(
            kind=f"support referral {r.status}: {r.service}", at=r.at, detail=red(r.declined_reason)
        )
        for r in support
    ]
    return sorted(out, key=lambda e: e.at)


def _shared(
    session: Session, case: Case, red: ThirdPartyRedactor, names: _Names
) -> list[s.SharedEntry]:
    rows = repo.shared_at_meetings(session, case.id)
    return [s.SharedEntry(agency=names(r.agency_id), kind=r.kind, text=red(r.text)) for r in rows]


def _open_referrals(
    session: Session, subject: Person, names: _Names
) -> tuple[list[s.ReferralEntry], int]:
    red = ThirdPartyRedactor(subject=known_person(subject, "victim"))
    rows = repo.referrals_without_case(session, subject.id)
    return [_referral_entry(r, red, names) for r in rows], red.removed


def disclosures(
    session: Session, person_id: int, case_ids: list[int], names: _Names
) -> list[s.DisclosureEntry]:
    """Who consulted or received the person's data, from the access log (oldest first)."""
    events = repo.events_about(session, person_id, case_ids, DISCLOSING)
    return [
        s.DisclosureEntry(
            at=e.at,
            action=e.action,
            purpose=e.purpose,
            by_role=e.actor_role,
            by_agency=names(e.actor_agency_id),
            recipients=list(e.recipients),
            about=e.subject_type,
        )
        for e in events
        if e.purpose != "subject_access"
    ]


def _panel_scope(principal: Principal) -> int | None:
    """A coordinator answers for the people their panel holds; the auditor, information
    governance's check, for anyone riskpanel holds."""
    if principal.role == Role.COORDINATOR:
        return principal.panel_id or 0
    return None


def find_people(
    *,
    session: Session,
    principal: Principal,
    family_name: str,
    given_name: str | None = None,
    date_of_birth: date | None = None,
) -> list[Person]:
    """The people a subject access request may be about, to pick one; the search is logged
    (it reads names and dates of birth)."""
    found = list(
        repo.find_people(
            session,
            family_name=family_name,
            given_name=given_name,
            date_of_birth=date_of_birth,
            panel_id=_panel_scope(principal),
        )
    )
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        "subject_access",
        About("person"),
        fields=["given_name", "family_name", "date_of_birth", "postcode"],
        detail={"search": "name", "found": [p.id for p in found]},
    )
    return found


def subject(*, session: Session, principal: Principal, person_id: int) -> Person:
    """The person a response is prepared for, if the caller may answer for them (else 404,
    so ids do not leak)."""
    panel_id = _panel_scope(principal)
    person = (
        people_repo.person_in_panel(session, person_id, panel_id)
        if panel_id is not None
        else session.get(Person, person_id)
    )
    if person is None or person.erased_at is not None:
        raise NotFound("No such person.")
    return person


def subject_summary(
    *, session: Session, principal: Principal, person_id: int
) -> tuple[Person, list[tuple[Case, str]]]:
    """The person and the cases they are in (with their role), to confirm who a response
    is for before it is prepared; the read is logged."""
    person = subject(session=session, principal=principal, person_id=person_id)
    cases = repo.subject_cases(session, person_id)
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        "subject_access",
        About.person(person_id),
        fields=["given_name", "family_name", "date_of_birth", "postcode", "cases"],
        detail={"cases": [c.id for c, _ in cases]},
    )
    return person, cases


def prepare(*, session: Session, principal: Principal, person_id: int) -> s.SubjectAccessReport:
    """``build_report`` for a person the caller may answer for (the web's way in)."""
    subject(session=session, principal=principal, person_id=person_id)
    return build_report(session=session, principal=principal, person_id=person_id)


def build_report(
    *, session: Session, principal: Principal, person_id: int
) -> s.SubjectAccessReport:
    """Everything held about the person, redacted for third parties; the export is logged."""
    subject = session.get(Person, person_id)
    if subject is None:
        raise NotFound(f"no person with id {person_id}")
    names = _Names(session)
    sections: list[s.CaseSection] = []
    removed = 0
    cases = repo.subject_cases(session, person_id)
    for case, role in cases:
        section, count = _case_section(session, case, role, subject, names)
        sections.append(section)
        removed += count
    open_referrals, count = _open_referrals(session, subject, names)
    report = s.SubjectAccessReport(
        generated_at=utcnow(),
        person_id=person_id,
        person=person_record(subject),
        cases=sections,
        referrals_without_case=open_referrals,
        disclosures=disclosures(session, person_id, [c.id or 0 for c, _ in cases], names),
        redactions=removed + count,
    )
    about = About.person(person_id)
    logged = ["person", "cases", "disclosures"]
    told = ["data subject (draft for review)"]
    detail = {"cases": [c.id for c, _ in cases]}
    record_on(
        session,
        principal,
        AuditAction.DISCLOSURE,
        "subject_access",
        about,
        fields=logged,
        recipients=told,
        detail=detail,
    )
    return report
