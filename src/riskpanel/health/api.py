"""`GET /api/v1/health`: answers only when the database answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

import riskpanel
from riskpanel.api.access import public
from riskpanel.api.deps import get_session
from riskpanel.kit.errors import ServiceUnavailable
from riskpanel.kit.principal import Principal

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    version: str


@router.get(
    "/health",
    response_model=Health,
    summary="Service health",
    description="Checks that the database answers a query. 503 (problem+json) when it does not.",
    responses={503: {"description": "The database is not answering."}},
)
def health(
    session: Annotated[Session, Depends(get_session)],
    _: Annotated[Principal, Depends(public())],
) -> Health:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise ServiceUnavailable("The database is not answering.") from exc
    return Health(
        status="ok", database=session.get_bind().dialect.name, version=riskpanel.__version__
    )
