"""Searching the access log for auditors: filters, newest first, keyset pages on id.

Each search is itself logged (the auditor consulted the log), so reading the log leaves
the same trail as reading a case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.models import AuditEvent
from riskpanel.models.enums import AuditAction


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    case_id: int | None = None
    user_id: int | None = None
    agency_id: int | None = None
    from_: datetime | None = None
    to: datetime | None = None
    action: AuditAction | None = None

    def as_detail(self) -> dict[str, Any]:
        """Ids and times only, for the log entry that records this search."""
        return {
            key.rstrip("_"): _plain(value)
            for key, value in asdict(self).items()
            if value is not None
        }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, AuditAction):
        return value.value
    return value


def as_utc(value: datetime | None, field: str) -> datetime | None:
    """Times without a zone are read as UTC; impossible ones are refused, not crashed on."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput.field(field, "is outside the range of dates riskpanel keeps") from None


def search(
    *, session: Session, filters: AuditFilter, limit: int, cursor: str | None
) -> tuple[list[AuditEvent], str | None]:
    query = select(AuditEvent)
    columns = {
        "person_id": AuditEvent.person_id,
        "case_id": AuditEvent.case_id,
        "user_id": AuditEvent.actor_user_id,
        "agency_id": AuditEvent.actor_agency_id,
    }
    for name, column in columns.items():
        value = getattr(filters, name)
        if value is not None:
            query = query.where(column == value)
    if filters.action is not None:
        query = query.where(AuditEvent.action == filters.action.value)
    start, end = as_utc(filters.from_, "from"), as_utc(filters.to, "to")
    if start is not None:
        query = query.where(col(AuditEvent.at) >= start)
    if end is not None:
        query = query.where(col(AuditEvent.at) < end)
    before = decode_cursor(cursor)
    if before is not None:
        query = query.where(col(AuditEvent.id) < before)
    rows = list(session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit + 1)).all())
    page = rows[:limit]
    more = len(rows) > limit and bool(page)
    return page, encode_cursor(page[-1].id or 0) if more else None


def log_search(
    *,
    session: Session,
    principal: Principal,
    filters: AuditFilter,
    rows: list[AuditEvent],
    exported: str | None = None,
) -> None:
    """A search is a consultation; an export is a disclosure to whoever downloads it."""
    record(
        session=session,
        principal=principal,
        action=AuditAction.DISCLOSURE if exported else AuditAction.CONSULTATION,
        subject_type="audit_log",
        purpose="audit",
        fields=["audit_event"],
        recipients=[principal.label] if exported else [],
        detail={
            "filters": filters.as_detail(),
            "rows": len(rows),
            "first_id": rows[0].id if rows else None,
            "last_id": rows[-1].id if rows else None,
            **({"format": exported} if exported else {}),
        },
    )


def logged_search(
    *,
    session: Session,
    principal: Principal,
    filters: AuditFilter,
    limit: int,
    cursor: str | None,
    exported: str | None = None,
) -> tuple[list[AuditEvent], str | None]:
    """One page of the log, the search itself logged and committed."""
    rows, next_cursor = search(session=session, filters=filters, limit=limit, cursor=cursor)
    log_search(session=session, principal=principal, filters=filters, rows=rows, exported=exported)
    session.commit()
    return rows, next_cursor
