"""The victim's contact details and consent after intake: read and replaced as one record.

Intake takes them once; victims move, change phones, and give or withdraw consent while the
case runs, and the panel must act on the record as it stands (ICO data sharing code: share
on the basis that applies now). The person row has no version column, so the ETag is a
content version of these fields. Withdrawing consent does not withdraw the case: the panel
decides whether another basis lets it carry on, so the answer says what to do next.
Keyword-only; the caller commits.
"""

from __future__ import annotations

import json
import zlib

from sqlmodel import Session

from riskpanel.access.visible import writable_case
from riskpanel.audit.cases import About, record_on
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import check_version, etag, expected_version
from riskpanel.kit.errors import InvalidInput, NotFound
from riskpanel.models import Case, Person
from riskpanel.models.enums import AuditAction, ConsentStatus, LawfulBasis
from riskpanel.people.match_keys import tidy_postcode
from riskpanel.victims.schemas import WITHDRAWN_NEXT_STEP, VictimContactIn, VictimContactOut
from riskpanel.victims.service import PURPOSE

OPERATION = "victims.contact"
KIND = "victim"
FIELDS = [
    "phone",
    "email",
    "address_line",
    "postcode",
    "safe_to_contact",
    "contact_preferences",
    "consent_status",
    "consent_scope",
    "lawful_basis",
]
CLOSED_STATES = {"closed", "withdrawn"}


def _version(person: Person) -> int:
    state = {name: getattr(person, name) for name in FIELDS}
    return zlib.crc32(json.dumps(state, sort_keys=True, default=str).encode())


def contact_etag(person: Person) -> str:
    """A content version (the person row has no row version): any change gives a new ETag."""
    return etag(KIND, person.id, _version(person))


def _victim(session: Session, case: Case) -> Person:
    person = session.get(Person, case.victim_person_id) if case.victim_person_id else None
    if person is None or person.erased_at is not None:
        raise NotFound("This case has no victim record to show.")
    return person


def _view(person: Person, next_step: str | None = None) -> VictimContactOut:
    return VictimContactOut(
        person_id=person.id or 0,
        phone=person.phone,
        email=person.email,
        address_line=person.address_line,
        postcode=person.postcode,
        safe_to_contact=person.safe_to_contact,
        preferences={str(k): str(v) for k, v in (person.contact_preferences or {}).items()},
        consent_status=person.consent_status,
        consent_scope=person.consent_scope,
        lawful_basis=person.lawful_basis,
        etag=contact_etag(person),
        next_step=next_step,
    )


def read_contact(*, session: Session, caller: Caller, case_id: int) -> VictimContactOut:
    """The record as it stands, for the form or a client's If-Match; the read is audited."""
    case = writable_case(session, caller, case_id, OPERATION)
    person = _victim(session, case)
    about = About.case(case, About.person(person.id))
    record_on(session, caller.principal, AuditAction.CONSULTATION, PURPOSE, about, fields=FIELDS)
    return _view(person)


def _check(data: VictimContactIn) -> None:
    """Consent is a basis only while the victim gives it (UK GDPR art. 7(3))."""
    if data.lawful_basis == LawfulBasis.CONSENT and data.consent_status != ConsentStatus.GIVEN:
        raise InvalidInput.field(
            "lawful_basis",
            "cannot be the victim's consent unless they have given it: select the basis the "
            "panel now shares on",
        )


def put_contact(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: VictimContactIn,
    if_match: str | None,
) -> VictimContactOut:
    """Replace the record (If-Match required), audit which fields were written, and say
    what the panel should do next when consent was withdrawn from an open case."""
    case = writable_case(session, caller, case_id, OPERATION)
    _check(data)
    person = _victim(session, case)
    wanted = expected_version(if_match, kind=KIND, object_id=person.id)
    check_version(kind=KIND, object_id=person.id, current=_version(person), expected=wanted)
    withdrawn = (
        data.consent_status == ConsentStatus.WITHDRAWN
        and person.consent_status != ConsentStatus.WITHDRAWN.value
    )
    before = {name: getattr(person, name) for name in FIELDS}
    person.phone, person.email = data.phone, data.email
    person.address_line, person.postcode = data.address_line, tidy_postcode(data.postcode)
    person.safe_to_contact = data.safe_to_contact
    person.contact_preferences = dict(data.preferences)
    person.consent_status = data.consent_status.value
    person.consent_scope = data.consent_scope
    person.lawful_basis = data.lawful_basis.value
    session.add(person)
    session.flush()
    changed = [name for name in FIELDS if getattr(person, name) != before[name]]
    about = About.case(case, About.person(person.id))
    record_on(session, caller.principal, AuditAction.ALTERATION, PURPOSE, about, fields=changed)
    open_case = case.state not in CLOSED_STATES
    return _view(person, WITHDRAWN_NEXT_STEP if withdrawn and open_case else None)
