"""The access log for auditors: search it, or export it as CSV (an audited disclosure)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from riskpanel.api.deps import DbSession
from riskpanel.audit import repository
from riskpanel.audit.access import Auditor
from riskpanel.audit.export import to_csv
from riskpanel.audit.schemas import AuditEventOut, AuditPage
from riskpanel.kit.ids import CURSOR_PATTERN
from riskpanel.models.enums import AuditAction

router = APIRouter(tags=["access log"])
IdQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
Cursor = Annotated[
    str | None, Query(max_length=200, pattern=CURSOR_PATTERN, description="From the previous page")
]


def audit_filter(
    person_id: IdQuery = None,
    case_id: IdQuery = None,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Acting user")] = None,
    agency_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Acting agency")] = None,
    from_: Annotated[
        datetime | None, Query(alias="from", description="At or after (UTC if no zone)")
    ] = None,
    to: Annotated[datetime | None, Query(description="Before (UTC if no zone)")] = None,
    action: Annotated[AuditAction | None, Query(description="DPA 2018 s.62 operation")] = None,
) -> repository.AuditFilter:
    return repository.AuditFilter(
        person_id=person_id,
        case_id=case_id,
        user_id=user_id,
        agency_id=agency_id,
        from_=from_,
        to=to,
        action=action,
    )


Filters = Annotated[repository.AuditFilter, Depends(audit_filter)]


@router.get(
    "/audit",
    response_model=AuditPage,
    summary="Search the access log",
    description="Newest first. Filters combine with AND; `user_id` and `agency_id` name the "
    "actor. Keyset pagination with `limit` and `cursor`. The search itself is logged.",
)
def search_log(
    filters: Filters,
    session: DbSession,
    principal: Auditor,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Cursor = None,
) -> AuditPage:
    rows, next_cursor = repository.logged_search(
        session=session, principal=principal, filters=filters, limit=limit, cursor=cursor
    )
    return AuditPage(items=[AuditEventOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/audit.csv",
    summary="Export the access log as CSV",
    description="Same filters as the search, newest first, up to `limit` rows; when more "
    "match, the `X-Next-Cursor` header continues. The export is logged as a disclosure.",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def export_log(
    filters: Filters,
    session: DbSession,
    principal: Auditor,
    limit: Annotated[int, Query(ge=1, le=50_000)] = 10_000,
    cursor: Cursor = None,
) -> Response:
    rows, next_cursor = repository.logged_search(
        session=session,
        principal=principal,
        filters=filters,
        limit=limit,
        cursor=cursor,
        exported="csv",
    )
    headers = {"Content-Disposition": 'attachment; filename="riskpanel-access-log.csv"'}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
