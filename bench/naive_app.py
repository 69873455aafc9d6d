"""The baseline for bench/run.py: a plain FastAPI + SQLModel app over riskpanel's own tables.

It reads and writes the same rows as riskpanel's three measured routes, the way a first
tutorial-style app would: a module-level engine (pool sized like riskpanel's), one session per
request, no authentication, no access rules, no audit rows, no If-Match check and no
idempotency record. `GET /hello` is the floor: FastAPI and uvicorn with no database at all.

    NAIVE_DATABASE_URL=sqlite:////tmp/x.db .venv/bin/python bench/naive_app.py --workers 2

The update answers with an ETag in riskpanel's format only so that bench/lua/post.lua can
keep a run going on actions it has already updated; nothing here checks it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Response
from pydantic import BaseModel
from sqlalchemy import create_engine
from sqlmodel import Session, col, select

from riskpanel.models import (
    Action,
    ActionUpdate,
    Case,
    CaseHistory,
    CasePerson,
    Incident,
    IncidentStrand,
    Person,
    Referral,
    RiskAssessment,
)

URL = os.environ.get("NAIVE_DATABASE_URL", "sqlite:///./riskpanel.db")
SQLITE = URL.startswith("sqlite")
# Pools sized as riskpanel.db sizes its own (SQLite 40 + 40, PostgreSQL 10 + 20). With
# SQLAlchemy's default 5 + 10, this very pattern (a sync `yield` session dependency) stalled
# at 64 clients: requests waiting for a connection hold the threadpool's threads, and the
# requests holding connections wait for a thread to give them back, until pool_timeout.
engine = create_engine(
    URL,
    connect_args={"check_same_thread": False} if SQLITE else {},
    pool_size=40 if SQLITE else 10,
    max_overflow=40 if SQLITE else 20,
)
app = FastAPI(title="naive baseline")
FINISHED = ("completed", "not_possible")


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]


class UpdateIn(BaseModel):
    progress: str
    note: str | None = None


@app.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


@app.get("/api/v1/cases/{case_id}")
def read_case(case_id: int, session: DbSession) -> dict[str, Any]:
    """The rows behind riskpanel's panel view of a case, each query written the obvious way."""
    case = session.get(Case, case_id)
    if case is None:
        raise HTTPException(404)
    referral = session.exec(
        select(Referral)
        .where(Referral.case_id == case_id)
        .order_by(col(Referral.received_at).desc())
        .limit(1)
    ).first()
    parties = session.exec(
        select(CasePerson, Person)
        .join(Person, col(Person.id) == col(CasePerson.person_id), isouter=True)
        .where(CasePerson.case_id == case_id)
    ).all()
    incidents = session.exec(select(Incident).where(Incident.case_id == case_id)).all()
    strands = session.exec(
        select(IncidentStrand).where(col(IncidentStrand.incident_id).in_([i.id for i in incidents]))
    ).all()
    return {
        "case": case,
        "referral": referral,
        "parties": [{"link": cp, "person": p} for cp, p in parties],
        "incidents": incidents,
        "strands": strands,
        "assessments": session.exec(
            select(RiskAssessment).where(RiskAssessment.case_id == case_id)
        ).all(),
        "history": session.exec(select(CaseHistory).where(CaseHistory.case_id == case_id)).all(),
    }


@app.get("/api/v1/actions")
def list_actions(
    session: DbSession, agency_id: int, status: str = "open", limit: int = 50
) -> dict[str, Any]:
    """One agency's open actions with their case reference (no key: the agency is a query
    parameter)."""
    query = (
        select(Action, Case.reference)
        .join(Case, col(Case.id) == col(Action.case_id))
        .where(Action.agency_id == agency_id)
    )
    if status == "open":
        query = query.where(
            col(Action.progress).not_in(FINISHED), col(Action.review_outcome).is_(None)
        )
    rows = session.exec(query.order_by(col(Action.id)).limit(limit)).all()
    return {"items": [{**a.model_dump(), "case_reference": ref} for a, ref in rows]}


@app.post("/api/v1/actions/{action_id}/updates", status_code=201)
def post_update(
    action_id: int, data: UpdateIn, session: DbSession, response: Response
) -> dict[str, Any]:
    action = session.get(Action, action_id)
    if action is None:
        raise HTTPException(404)
    now = datetime.now(UTC)
    action.progress = data.progress
    action.row_version += 1
    action.updated_at = now
    session.add(action)
    session.add(ActionUpdate(action_id=action_id, progress=data.progress, note=data.note, at=now))
    session.commit()
    session.refresh(action)
    response.headers["ETag"] = f'"action-{action.id}-v{action.row_version}"'
    return action.model_dump(mode="json")


def main() -> None:
    """Served with the same uvicorn options as `riskpanel serve`, so only the app differs."""
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the naive baseline app.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(
        "naive_app:app",
        app_dir=str(Path(__file__).resolve().parent),
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        log_level="info",
    )


if __name__ == "__main__":
    main()
