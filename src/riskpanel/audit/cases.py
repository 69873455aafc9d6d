"""Access-log events about one case or referral: the case and victim named from its row.

Most domains log reads and changes of something that belongs to a case (its record, its
assessments, research, the Victims' Code entitlement). Naming the case and the victim from
the loaded case row, in one place, means no caller can log the case of one person with the
id of another, and a subject access search by person finds every such event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from riskpanel.audit.service import record
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Referral
from riskpanel.models.enums import AuditAction


def record_on_case(
    session: Session,
    principal: Principal,
    case: Case,
    action: AuditAction,
    purpose: str,
    subject: str | tuple[str, Any] = "case",
    *,
    victim: bool = True,
    fields: Iterable[str] = (),
    recipients: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> int:
    """Log ``action`` on ``subject`` of ``case``: a type alone means the case itself is the
    subject (its id); ``(type, id)`` names another row of the case (``None``: a list).
    ``victim=False`` leaves the victim unnamed, for events about the case's own workings
    (its history, state, links) rather than about the person. The new event's id."""
    subject_type, subject_id = subject if isinstance(subject, tuple) else (subject, case.id)
    return record(
        session=session,
        principal=principal,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        case_id=case.id,
        person_id=case.victim_person_id if victim else None,
        purpose=purpose,
        fields=fields,
        recipients=recipients,
        detail=detail,
    )


def record_on_referral(
    session: Session,
    principal: Principal,
    referral: Referral,
    action: AuditAction,
    purpose: str,
    *,
    fields: Iterable[str] = (),
    recipients: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> int:
    """Log ``action`` on ``referral``, naming its victim and the case it belongs to (none
    until screening links one). The new event's id."""
    return record(
        session=session,
        principal=principal,
        action=action,
        subject_type="referral",
        subject_id=referral.id,
        case_id=referral.case_id,
        person_id=referral.victim_person_id,
        purpose=purpose,
        fields=fields,
        recipients=recipients,
        detail=detail,
    )
