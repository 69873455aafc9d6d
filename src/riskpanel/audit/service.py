"""Writing the access log in the caller's transaction.

Only object names and field names are logged, never values, so the log itself holds no
personal data beyond who did what. The event is inserted on the caller's session, so it
commits (or rolls back) together with the change it describes.

Every read of case data writes one of these, so it is a plain INSERT rather than an ORM
object: building and flushing a mapped instance cost more than the rest of a small read,
and nothing reads the event back in the same request. Its keyed seal (`mac`) is computed
here, in the same INSERT, so an event added behind the writer's back cannot carry one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from riskpanel.audit.keys import event_mac, key_for
from riskpanel.kit.principal import Principal
from riskpanel.kit.request_context import request_id_var
from riskpanel.models import AuditEvent, utcnow
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


# The principal's fields copied onto each event as `actor_<field>`.
_ACTOR_FIELDS = ("user_id", "credential_id", "agency_id", "role", "label")


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
) -> int:
    """The new event's id."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown audit purpose {purpose!r}")
    event = dict(
        at=utcnow(),
        action=action.value,
        purpose=purpose,
        **{f"actor_{name}": getattr(principal, name) for name in _ACTOR_FIELDS},
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        case_id=case_id,
        person_id=person_id,
        fields=sorted(set(fields)),
        recipients=sorted(set(recipients)),
        detail=detail or {},
        request_id=request_id_var.get(),
    )
    event["mac"] = event_mac(key_for(session), event)
    # On the session's connection, not `session.execute`: the ORM's execute path would first
    # flush the session's pending changes (its unit of work) for a statement that reads
    # none of them; they are flushed at commit, in the same transaction, as before.
    result: Any = session.connection().execute(_INSERT, event)
    return int(result.inserted_primary_key[0])


_INSERT = insert(AuditEvent.__table__)  # type: ignore[attr-defined]  # built once


# Changes to the set-up (users, keys, webhook endpoints, backups): the action and the purpose
# are both "administration", so callers name only the subject, the fields and the detail.
record_administration = partial(record, action=AuditAction.ADMINISTRATION, purpose="administration")
