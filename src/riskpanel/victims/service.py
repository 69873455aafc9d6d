"""The Victims' Code record of a case: entitlement, support referrals, updates given.

HMICFRS (2018) found victims given too little information and not consistently referred to
support; so every support referral (made or declined, with its date) and every update
(with date, time and method) is recorded, and each one resolves the matching deadline.
Keyword-only; the caller commits.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime, timedelta

from sqlmodel import Session

from riskpanel.access.visible import writable_case
from riskpanel.audit.cases import About, record_on
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import check_version, etag, expected_version
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import (
    Case,
    Referral,
    SupportReferral,
    VictimEntitlement,
    VictimUpdate,
    utcnow,
)
from riskpanel.models.enums import AuditAction
from riskpanel.victims import repository, timers
from riskpanel.victims.clock import KEY_UPDATE, SUPPORT, parse_at
from riskpanel.victims.schemas import (
    SupportReferralIn,
    SupportReferralOut,
    VictimUpdateIn,
    VictimUpdateOut,
)

CLOCK_SKEW = timedelta(minutes=5)
PURPOSE = "victim_support"


def not_in_future(value: datetime | None, field: str) -> None:
    if value is not None and value > utcnow() + CLOCK_SKEW:
        raise InvalidInput.field(field, "cannot be in the future")
    if value is not None and value.year < 1900:
        raise InvalidInput.field(field, "is before 1900")


def entitlement_etag(entitlement: VictimEntitlement) -> str:
    """A content version (the table has no row version): any change gives a new ETag."""
    state = entitlement.model_dump(mode="json", exclude={"id"})
    version = zlib.crc32(json.dumps(state, sort_keys=True).encode())
    return etag("entitlement", entitlement.id, version)


def open_entitlement(
    *, session: Session, case: Case, referral: Referral
) -> VictimEntitlement | None:
    """Screening linked the referral to a case: the case's entitlement takes the referral's
    clock (a new crime report restarts it) and keeps the needs assessment and schedule."""
    code = referral.victims_code or {}
    timers.link_case(session=session, referral=referral)
    if not code.get("applies") or case.id is None:
        return None
    reported = parse_at(code.get("reported_at"))
    assert reported is not None
    entitlement = repository.entitlement_of(session, case.id) or VictimEntitlement(
        case_id=case.id, person_id=referral.victim_person_id, reported_at=reported
    )
    if entitlement.id is not None and entitlement.reported_at > reported:
        return entitlement  # an older report does not move a newer clock
    entitlement.person_id = referral.victim_person_id
    entitlement.reported_at = reported
    entitlement.enhanced_rights = bool(code.get("enhanced_rights", True))
    entitlement.category = str(code.get("category") or "hate_crime")
    entitlement.support_opt_out = entitlement.support_opt_out or bool(code.get("support_opt_out"))
    entitlement.support_referral_due_at = parse_at(code.get("support_referral_due_at"))
    entitlement.key_update_due_at = parse_at(code.get("key_update_due_at"))
    session.add(entitlement)
    session.flush()
    return entitlement


def _given(
    session: Session,
    principal: Principal,
    case: Case,
    row: SupportReferral | VictimUpdate,
    kind: str,
    fields: list[str],
) -> None:
    """What was given to the victim is stored, meets its entitlement (a timer that already
    fired is noted as met late) and is logged as collected."""
    session.add(row)
    session.flush()
    timers.resolve(
        session=session,
        referral_ids=[r.id or 0 for r in repository.case_referrals(session, case.id or 0)],
        kinds={kind},
        outcome="met_late",
    )
    subject = About("support_referral" if kind == SUPPORT else "victim_update", row.id)
    about = About.case(case, subject)
    record_on(session, principal, AuditAction.COLLECTION, PURPOSE, about, fields=fields)


def record_support_referral(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: SupportReferralIn,
) -> SupportReferralOut:
    principal = caller.principal
    case = writable_case(session, caller, case_id, "victims.support_referral")
    not_in_future(data.at, "at")
    if data.status == "declined" and not (data.declined_reason or "").strip():
        raise InvalidInput.field("declined_reason", "say why the victim declined the referral")
    row = SupportReferral(
        case_id=case_id,
        person_id=case.victim_person_id or 0,
        service=data.service,
        status=data.status.value,
        declined_reason=data.declined_reason if data.status == "declined" else None,
        at=data.at,
        recorded_by_user_id=principal.user_id,
    )
    _given(session, principal, case, row, SUPPORT, ["service", "status", "declined_reason", "at"])
    return SupportReferralOut.model_validate(row, from_attributes=True)


def record_update(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: VictimUpdateIn,
) -> VictimUpdateOut:
    principal = caller.principal
    case = writable_case(session, caller, case_id, "victims.update")
    not_in_future(data.given_at, "given_at")
    row = VictimUpdate(
        case_id=case_id,
        person_id=case.victim_person_id or 0,
        kind=data.kind.value,
        method=data.method.value,
        given_at=data.given_at,
        summary=data.summary,
        recorded_by_user_id=principal.user_id,
    )
    _given(session, principal, case, row, KEY_UPDATE, ["kind", "method", "given_at", "summary"])
    return VictimUpdateOut.model_validate(row, from_attributes=True)


def check_if_match(entitlement: VictimEntitlement | None, if_match: str | None) -> None:
    """Changing an existing entitlement needs its ETag; creating one does not."""
    if entitlement is None or entitlement.id is None:
        return
    wanted = expected_version(if_match, kind="entitlement", object_id=entitlement.id)
    current = entitlement_etag(entitlement)
    version = int(current.rsplit("-v", 1)[1].rstrip('"'))
    check_version(kind="entitlement", object_id=entitlement.id, current=version, expected=wanted)
