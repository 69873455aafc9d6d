"""Writing the access log in the caller's transaction.

Only object names and field names are logged, never values, so the log itself holds no
personal data beyond who did what. The event is added to the caller's session, so it
commits (or rolls back) together with the change it describes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from riskpanel.auth.principal import Principal
from riskpanel.context import request_id_var
from riskpanel.models import AuditEvent
from riskpanel.models.enums import AuditAction

PURPOSES = frozenset(
    {
        "referral_intake",
        "screening",
        "risk_assessment",
        "case_management",
        "meeting_preparation",
        "meeting_record",
        "action_tracking",
        "research",
        "victim_support",
        "scrutiny",
        "audit",
        "administration",
        "authentication",
        "retention",
        "subject_access",
        "timer",
    }
)


def record(
    *,
    session: Session,
    principal: Principal,
    action: AuditAction,
    subject_type: str,
    subject_id: Any = None,
    purpose: str,
    case_id: int | None = None,
    person_id: int | None = None,
    fields: Iterable[str] = (),
    recipients: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown audit purpose {purpose!r}")
    event = AuditEvent(
        action=action.value,
        purpose=purpose,
        actor_user_id=principal.user_id,
        actor_credential_id=principal.credential_id,
        actor_agency_id=principal.agency_id,
        actor_role=principal.role,
        actor_label=principal.label,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        case_id=case_id,
        person_id=person_id,
        fields=sorted(set(fields)),
        recipients=sorted(set(recipients)),
        detail=detail or {},
        request_id=request_id_var.get(),
    )
    session.add(event)
    return event
