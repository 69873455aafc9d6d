"""Queries for second factors, recovery codes and resets."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from riskpanel.models import RecoveryCode, SecondFactor, SecondFactorReset


def factor_of(session: Session, user_id: int) -> SecondFactor | None:
    return session.get(SecondFactor, user_id)


def is_enrolled(session: Session, user_id: int) -> bool:
    factor = factor_of(session, user_id)
    return factor is not None and factor.confirmed_at is not None


def recovery_code(session: Session, user_id: int, code_hash: str) -> RecoveryCode | None:
    return session.exec(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user_id, RecoveryCode.code_hash == code_hash
        )
    ).first()


def unused_recovery_codes(session: Session, user_id: int) -> int:
    count = session.exec(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, col(RecoveryCode.used_at).is_(None))
    ).one()
    return int(count)


def drop_recovery_codes(session: Session, user_id: int) -> None:
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))


def unseen_reset(session: Session, user_id: int) -> SecondFactorReset | None:
    """The latest reset the person has not yet been told about on the enrolment page."""
    return session.exec(
        select(SecondFactorReset)
        .where(
            SecondFactorReset.user_id == user_id,
            col(SecondFactorReset.acknowledged_at).is_(None),
        )
        .order_by(col(SecondFactorReset.reset_at).desc())
    ).first()
