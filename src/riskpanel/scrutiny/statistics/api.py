"""Figures endpoints: a released pack's stored figures and a period's live figures, as JSON
and as CSV (suppressed cells written "[c]")."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from riskpanel.api.deps import DbSession
from riskpanel.kit.errors import InvalidInput
from riskpanel.scrutiny import access
from riskpanel.scrutiny.access import PanelCaller, Reader, ReaderCaller
from riskpanel.scrutiny.statistics import service as figures
from riskpanel.scrutiny.statistics.schemas import StatisticsList, StatisticsOut

router = APIRouter()
From = Annotated[date | None, Query(alias="from", description="First day of the period.")]
To = Annotated[date | None, Query(alias="to", description="Last day of the period.")]
CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}


def _csv(body: str, filename: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/packs/{pack_id}/statistics", response_model=StatisticsOut, summary="Pack figures")
def pack_statistics(pack_id: int, session: DbSession, principal: Reader) -> StatisticsOut:
    _, stats = figures.pack_statistics(session=session, principal=principal, pack_id=pack_id)
    session.commit()
    return stats


@router.get(
    "/packs/{pack_id}/statistics.csv",
    response_class=Response,
    responses=CSV,
    summary="Pack figures as CSV",
)
def pack_statistics_csv(pack_id: int, session: DbSession, principal: Reader) -> Response:
    """Suppressed cells are written "[c]"."""
    _, stats = figures.pack_statistics(
        session=session, principal=principal, pack_id=pack_id, fmt="csv"
    )
    session.commit()
    return _csv(figures.statistics_csv(stats), f"scrutiny-pack-{pack_id}-figures.csv")


@router.get("/statistics", response_model=StatisticsList, summary="Figures for a period")
def statistics(
    session: DbSession, caller: ReaderCaller, start: From = None, end: To = None
) -> StatisticsList:
    """Coordinators and chairs: live figures for their panel over `from`..`to` (both
    needed). Scrutiny members: the stored figures of the released packs in the period."""
    if access.is_scrutiny(caller.principal):
        items = figures.released_statistics(
            session=session, principal=caller.principal, start=start, end=end
        )
    else:
        if start is None or end is None:
            raise InvalidInput.field("from", "from and to are both needed")
        items = [
            figures.partnership_statistics(session=session, caller=caller, start=start, end=end)
        ]
    session.commit()
    return StatisticsList(items=items)


@router.get("/statistics.csv", response_class=Response, responses=CSV, summary="Figures as CSV")
def statistics_csv(
    session: DbSession, caller: PanelCaller, start: From = None, end: To = None
) -> Response:
    if start is None or end is None:
        raise InvalidInput.field("from", "from and to are both needed")
    stats = figures.partnership_statistics(session=session, caller=caller, start=start, end=end)
    session.commit()
    return _csv(figures.statistics_csv(stats), f"figures-{start}-{end}.csv")
