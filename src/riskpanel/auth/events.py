"""The two kinds of audit row that accounts and credentials write: a sign-in step (password,
single sign-on, second factor) and an administration change (keys, tokens, accounts,
invitations). One place for each, so every caller fills the row the same way and names
fields, never values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from riskpanel.audit.service import record, record_administration
from riskpanel.kit.principal import Principal
from riskpanel.models.enums import AuditAction


def sign_in_event(session: Session, principal: Principal, user_id: Any, **detail: Any) -> None:
    """One step of signing in about the person ``user_id`` (None when no account is known)."""
    record(
        session=session,
        principal=principal,
        action=AuditAction.SIGN_IN,
        subject_type="user",
        subject_id=user_id,
        purpose="authentication",
        detail=detail,
    )


def administration_event(
    session: Session,
    principal: Principal,
    subject: tuple[str, Any],
    fields: Iterable[str] = (),
    **detail: Any,
) -> None:
    """One administration change to ``subject`` (its type and id), through the audit
    service's own administration helper."""
    subject_type, subject_id = subject
    record_administration(
        session=session,
        principal=principal,
        subject_type=subject_type,
        subject_id=subject_id,
        fields=fields,
        detail=detail,
    )
