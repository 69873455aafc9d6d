"""Queries that assemble a case's parts; kept apart so the service reads as use cases.

Every case read runs all of these, so each statement is built once, with the case id as
a bind parameter: building and hashing a fresh SELECT on every call cost more than running
it (about 0.65 against 0.28 ms per query on SQLite, bench/run.py's read).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Row,
    Table,
    bindparam,
    exists,
    func,
    or_,
    union,
)
from sqlalchemy import select as core_select
from sqlalchemy.sql.selectable import CompoundSelect
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import Select

from riskpanel.cases.schemas import (
    AssessmentView,
    CaseParty,
    HistoryEntry,
    IncidentView,
    PersonFull,
)
from riskpanel.db import contains_any, fetch_page, narrowed
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.models import (
    Action,
    Agency,
    Case,
    CaseHistory,
    CasePerson,
    Incident,
    IncidentStrand,
    Person,
    Referral,
    RiskAssessment,
)
from riskpanel.models.enums import ActionProgress
from riskpanel.people.repository import named

FINISHED_PROGRESS = (ActionProgress.COMPLETED.value, ActionProgress.NOT_POSSIBLE.value)
CASE_ID: BindParameter[int] = bindparam("case_id", type_=Integer)
_ASSESSMENTS = (
    select(RiskAssessment)
    .where(RiskAssessment.case_id == CASE_ID)
    .order_by(col(RiskAssessment.assessed_at), col(RiskAssessment.id))
)
_HISTORY = (
    select(CaseHistory)
    .where(CaseHistory.case_id == CASE_ID)
    .order_by(col(CaseHistory.at), col(CaseHistory.id))
)


def assessments(session: Session, case_id: int) -> list[RiskAssessment]:
    return list(session.exec(_ASSESSMENTS, params={"case_id": case_id}))


def history(session: Session, case_id: int) -> list[CaseHistory]:
    return list(session.exec(_HISTORY, params={"case_id": case_id}))


def lock_case(session: Session, case_id: int) -> Case | None:
    """Row lock for a state change (PostgreSQL); SQLite's BEGIN IMMEDIATE already serialises."""
    return session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()


def agency_names(session: Session, rows: list[RiskAssessment]) -> dict[int, str]:
    """The names of the agencies whose views are among ``rows`` (for "<agency>'s view")."""
    ids = {r.agency_id for r in rows if r.agency_id is not None}
    if not ids:
        return {}
    found = session.exec(select(Agency.id, Agency.name).where(col(Agency.id).in_(ids))).all()
    return {agency_id: name for agency_id, name in found if agency_id is not None}


def lock_cases_on(session: Session, workflow_name: str, version: int) -> Sequence[Case]:
    """The cases running one workflow version, locked for a migration, in id order."""
    return session.exec(
        select(Case)
        .where(Case.workflow_name == workflow_name, Case.workflow_version == version)
        .order_by(col(Case.id))
        .with_for_update()
    ).all()


def case_page(
    session: Session,
    where: ColumnElement[bool],
    *,
    state: str | None,
    after: int | None,
    limit: int,
) -> list[Case]:
    """The visible cases after the cursor, in id order."""
    query = select(Case).where(where)
    if state:
        query = query.where(Case.state == state)
    if after is not None:
        query = query.where(col(Case.id) > after)
    return list(session.exec(query.order_by(col(Case.id)).limit(limit)).all())


def overdue_action_on_case(today: date) -> ColumnElement[bool]:
    """The case has an open action past its due date (the date, not the flag tick sets)."""
    return exists().where(
        col(Action.case_id) == col(Case.id),
        col(Action.review_outcome).is_(None),
        col(Action.progress).not_in(FINISHED_PROGRESS),
        col(Action.due_on) < today,
    )


def involves_agency(agency_id: int) -> ColumnElement[bool]:
    """The agency referred the case or owns one of its actions."""
    referred = exists().where(
        col(Referral.case_id) == col(Case.id), col(Referral.referring_agency_id) == agency_id
    )
    acts = exists().where(col(Action.case_id) == col(Case.id), col(Action.agency_id) == agency_id)
    return or_(referred, acts)


def searched(q: str, *, names: bool, within: ColumnElement[bool]) -> ColumnElement[bool]:
    """The case's reference contains ``q``, or (``names``) its victim's name does.

    Asked as two id lists joined by UNION rather than one OR across the case and its
    victim, so PostgreSQL answers each from its own trigram index (an OR spanning two
    tables reads every case of the panel). Each list keeps only the cases ``within`` the
    caller's reach: a name matches people of every panel, and checked only outside the
    UNION each of them cost a second probe of the cases (at 100k cases, 336 people named
    in a search, 35 of them the panel's: 2,048 buffers read against 1,440)."""
    by_reference = contains_any(q, Case.reference)
    if not names:
        return by_reference
    victims = select(Case.id).join(Person, col(Person.id) == col(Case.victim_person_id))
    either: CompoundSelect[tuple[int | None]] = union(
        select(Case.id).where(within, by_reference), victims.where(within, named(q))
    )
    return col(Case.id).in_(either)


def case_list(
    session: Session,
    where: ColumnElement[bool],
    query: ListQuery,
    *,
    names: bool,
    page: PageRequest,
    today: date,
) -> Page[tuple[Case, Person | None]]:
    """The web's case list: newest referral first, each case with its victim."""
    stmt = (
        select(Case, Person)
        .outerjoin(Person, col(Person.id) == col(Case.victim_person_id))
        .where(where)
    )
    q = query.q
    stmt = narrowed(
        stmt,
        [
            (query.state, col(Case.state) == query.state),
            (query.risk, col(Case.risk_level) == query.risk),
            (query.agency_id is not None, involves_agency(query.agency_id or 0)),
            (query.overdue, overdue_action_on_case(today)),
            (q, searched(q, names=names, within=where)),
        ],
    )
    order = (col(Case.last_referral_at).desc(), col(Case.id).desc())
    if not q:  # the whole list: its count is index-only and its page a top-N read
        return fetch_page(session, stmt.order_by(*order), page)
    return _counted_page(session, stmt.order_by(*order), page)


def _counted_page(
    session: Session, stmt: Select[Case, Person], page: PageRequest
) -> Page[tuple[Case, Person | None]]:
    """One page of a search with its count in the same statement (``count(*) OVER ()``).

    The search's UNION of matching ids is the costly part, and ``fetch_page`` would plan
    and run it twice, once to count and once for the page: at 100k cases a name search
    read some 2,000 buffers for each. A page past the end (no rows) falls back to
    ``fetch_page``, which shows the last page as every list does."""
    counted = stmt.add_columns(func.count().over().label("total"))
    rows = session.execute(counted.offset(page.offset).limit(page.size)).all()
    if not rows:
        return fetch_page(session, stmt, page) if page.number > 1 else Page([], 1, page.size, 0)
    items = [(case, person) for case, person, _ in rows]
    return Page(items, page.number, page.size, int(rows[0][2]))


# The API's case read, as plain rows. Each read of a case loaded ~25 mapped objects into the
# session (identity map, instance state, attribute events) only to copy them into the
# response: the profile put more than half of a read's time in that ORM machinery. These
# select table columns and run on the session's connection, so the rows come back as tuples
# with the same type processing (UTC datetimes, JSON) and nothing is tracked.
def table_of(model: type[SQLModel]) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


_CASE, _CP, _PERSON = table_of(Case), table_of(CasePerson), table_of(Person)
_REFERRAL, _INCIDENT, _STRAND = table_of(Referral), table_of(Incident), table_of(IncidentStrand)
_RISK, _AGENCY, _HISTORY_T = table_of(RiskAssessment), table_of(Agency), table_of(CaseHistory)
PARTY_COLUMNS = tuple(name for name in CaseParty.model_fields if name != "person")
PERSON_COLUMNS = tuple(PersonFull.model_fields)
INCIDENT_COLUMNS = tuple(name for name in IncidentView.model_fields if name != "strands")
ASSESSMENT_COLUMNS = tuple(name for name in AssessmentView.model_fields if name != "view_of")
HISTORY_COLUMNS = tuple(HistoryEntry.model_fields)
_LATEST_REFERRAL_ID = (
    core_select(_REFERRAL.c.id)
    .where(_REFERRAL.c.case_id == CASE_ID)
    .order_by(_REFERRAL.c.received_at.desc(), _REFERRAL.c.id.desc())
    .limit(1)
    .scalar_subquery()
)
# The latest referral's two texts and the parties in one statement: the case row anchors it
# (it exists: the caller has just been shown it), so a case without parties still answers
# one row. The referral's id does not depend on the party, so the database finds it once.
_TEXTS_AND_PARTIES = (
    core_select(
        _REFERRAL.c.narrative,
        _REFERRAL.c.why_answer,
        _CP.c.id.label("party_id"),
        *(_CP.c[name] for name in PARTY_COLUMNS),
        *(_PERSON.c[name].label(f"person_{name}") for name in PERSON_COLUMNS),
    )
    .select_from(_CASE)
    .outerjoin(_REFERRAL, _REFERRAL.c.id == _LATEST_REFERRAL_ID)
    .outerjoin(_CP, _CP.c.case_id == _CASE.c.id)
    .outerjoin(_PERSON, _PERSON.c.id == _CP.c.person_id)
    .where(_CASE.c.id == CASE_ID)
    .order_by(_CP.c.id)
)
_INCIDENT_ROWS = (
    core_select(*(_INCIDENT.c[n] for n in INCIDENT_COLUMNS), _STRAND.c.strand, _STRAND.c.monitored)
    .outerjoin(_STRAND, _STRAND.c.incident_id == _INCIDENT.c.id)
    .where(_INCIDENT.c.case_id == CASE_ID)
    .order_by(_INCIDENT.c.occurred_on, _INCIDENT.c.id, _STRAND.c.strand)
)
# Each assessment with its agency's name (for "<agency>'s view"): no second statement.
_ASSESSMENT_ROWS = (
    core_select(*(_RISK.c[n] for n in ASSESSMENT_COLUMNS), _AGENCY.c.name.label("agency_name"))
    .outerjoin(_AGENCY, _AGENCY.c.id == _RISK.c.agency_id)
    .where(_RISK.c.case_id == CASE_ID)
    .order_by(_RISK.c.assessed_at, _RISK.c.id)
)
_HISTORY_ROWS = (
    core_select(*(_HISTORY_T.c[n] for n in HISTORY_COLUMNS))
    .where(_HISTORY_T.c.case_id == CASE_ID)
    .order_by(_HISTORY_T.c.at, _HISTORY_T.c.id)
)


AnyRow = Row[*tuple[Any, ...]]
Rows = Sequence[AnyRow]


@dataclass(frozen=True)
class CaseRows:
    """The rows of one case read beside the case row itself."""

    texts_and_parties: Rows
    incidents: Rows
    assessments: Rows
    history: Rows


def case_rows(session: Session, case_id: int, *, panel: bool) -> CaseRows:
    """What a read of one case shows beside the case row: two statements for an agency,
    four for a panel role (its assessments and history too)."""
    conn, params = session.connection(), {"case_id": case_id}
    texts_and_parties = conn.execute(_TEXTS_AND_PARTIES, params).all()
    incidents = conn.execute(_INCIDENT_ROWS, params).all()
    if not panel:
        return CaseRows(texts_and_parties, incidents, (), ())
    assessed = conn.execute(_ASSESSMENT_ROWS, params).all()
    history = conn.execute(_HISTORY_ROWS, params).all()
    return CaseRows(texts_and_parties, incidents, assessed, history)
