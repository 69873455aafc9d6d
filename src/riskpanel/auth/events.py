"""The two kinds of audit row that accounts and credentials write: a sign-in step (password,
single sign-on, second factor) and an administration change (keys, tokens, accounts,
invitations). One place for each, so every caller fills the row the same way and names
fields, never values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from riskpanel.audit.service import record
from riskpanel.kit.principal import Principal
from riskpanel.models.enums import AuditAction


def sign_in_event(session: Session, principal: Principal, user_id: Any, **detail: Any) -> None:
    """One step of signing in about the person ``user_id`` (None when no account is known)."""
    _event(session, principal, AuditAction.SIGN_IN, ("user", user_id), (), detail)


def administration_event(
    session: Session,
    principal: Principal,
    subject: tuple[str, Any],
    fields: Iterable[str] = (),
    **detail: Any,
) -> None:
    """One administration change to ``subject`` (its type and id)."""
    _event(session, principal, AuditAction.ADMINISTRATION, subject, fields, detail)


PURPOSES = {AuditAction.SIGN_IN: "authentication", AuditAction.ADMINISTRATION: "administration"}


def _event(
    session: Session,
    principal: Principal,
    action: AuditAction,
    subject: tuple[str, Any],
    fields: Iterable[str],
    detail: dict[str, Any],
) -> None:
    about: dict[str, Any] = {"subject_type": subject[0], "subject_id": subject[1]}
    about |= {"purpose": PURPOSES[action], "fields": fields, "detail": detail}
    record(session=session, principal=principal, action=action, **about)
