"""Queries for actions: who may see which, the filtered list, the locked row, the history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Integer,
    Row,
    Table,
    and_,
    bindparam,
    false,
    or_,
)
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from riskpanel.actions.schemas import ActionFilters, PanelActionOut
from riskpanel.db import contains_any, fetch_page, narrowed
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import Action, ActionUpdate, Agency, Case, Person, utcnow
from riskpanel.models.base import UTCDateTime
from riskpanel.models.enums import ActionProgress
from riskpanel.people.repository import named

FINISHED = (ActionProgress.COMPLETED.value, ActionProgress.NOT_POSSIBLE.value)


_ACTION_ID = bindparam("action_id", type_=Integer)
_ONE_ACTION = select(Action, Case).join(Case, col(Case.id) == col(Action.case_id))


def _seen(
    kind: str, *, panel_id: Any = None, agency_id: Any = None, cutoff: Any = None
) -> ColumnElement[bool]:
    """The actions a panel role or an agency may see, over values or bind parameters."""
    if kind == "panel":
        return and_(col(Case.panel_id) == panel_id, col(Case.erased_at).is_(None))
    return and_(
        col(Action.agency_id) == agency_id,
        col(Case.erased_at).is_(None),
        or_(col(Case.closed_at).is_(None), col(Case.closed_at) > cutoff),
    )


_SEEN_BY = {
    "panel": _seen("panel", panel_id=bindparam("panel_id", type_=Integer)),
    "agency": _seen(
        "agency",
        agency_id=bindparam("agency_id", type_=Integer),
        cutoff=bindparam("cutoff", type_=UTCDateTime),
    ),
}


def scope(principal: Principal, *, access_days_after_closure: int) -> ColumnElement[bool]:
    """Panel roles: their panel's actions. An agency: its own actions, on cases it can still
    see (owning the action is what lets it see the case; access ends after closure)."""
    seen = _seen_by(principal, access_days_after_closure)
    return _seen(seen[0], **seen[1]) if seen else false()


def is_open() -> ColumnElement[bool]:
    """Written out as constants, so the planner can match the partial index on open actions."""
    finished: BindParameter[list[str]] = bindparam(
        "finished", list(FINISHED), expanding=True, literal_execute=True
    )
    return and_(col(Action.review_outcome).is_(None), col(Action.progress).not_in(finished))


def apply_filters(query: Any, filters: ActionFilters) -> Any:
    """The list's filters on any SELECT that joins actions to their cases."""
    if filters.status == "open":
        query = query.where(is_open())
    elif filters.status == "closed":
        query = query.where(~is_open())
    if filters.progress:
        query = query.where(col(Action.progress).in_(filters.progress))
    if filters.due_before is not None:
        query = query.where(col(Action.due_on) <= filters.due_before)
    if filters.case_id is not None:
        query = query.where(col(Action.case_id) == filters.case_id)
    if filters.agency_id is not None:
        query = query.where(col(Action.agency_id) == filters.agency_id)
    if filters.overdue is not None:
        query = query.where(col(Action.overdue).is_(filters.overdue))
    return query


def list_visible(
    session: Session,
    principal: Principal,
    filters: ActionFilters,
    *,
    access_days_after_closure: int,
    after_id: int | None,
    limit: int,
) -> Rows:
    """The page of actions the caller may see (the condition of `scope`), as plain rows of
    the listed columns with the case's reference (from the join it needs anyway) and, for
    the panel, the agency's name. Partners poll this list: its statement is built once per
    shape of filters, with every value a bind parameter, as building it afresh cost more
    than running it; and its rows are not mapped objects, which cost more again to load
    (identity map, instance state) than the rest of the request."""
    seen = _seen_by(principal, access_days_after_closure)
    if seen is None:
        return []
    kind, params = seen
    shape = _ListShape(
        kind,
        filters.status,
        bool(filters.progress),
        filters.due_before is not None,
        filters.case_id is not None,
        filters.agency_id is not None,
        filters.overdue,
        after_id is not None,
    )
    query = _LISTS.get(shape)
    if query is None:
        query = _LISTS.setdefault(shape, _list_query(shape))
    values = {
        **params,
        "progress": list(filters.progress),
        "due_before": filters.due_before,
        "case_id": filters.case_id,
        "agency_id_filter": filters.agency_id,  # "agency_id" is the caller's, in `params`
        "after_id": after_id,
        "limit": limit,
    }
    return session.connection().execute(query, values).all()


# The action's columns the list shows (`PanelActionOut`), and its version for the ETag.
LISTED = tuple(
    column
    for column in cast(Table, Action.__table__).c  # type: ignore[attr-defined]
    if column.name in PanelActionOut.model_fields or column.name == "row_version"
)
AnyRow = Row[*tuple[Any, ...]]
Rows = Sequence[AnyRow]


class _ListShape(NamedTuple):
    kind: str
    status: str | None
    progress: bool
    due_before: bool
    case_id: bool
    agency_id: bool
    overdue: bool | None
    after_id: bool


_LISTS: dict[_ListShape, Any] = {}


def _list_query(shape: _ListShape) -> Any:
    """`list_visible`'s statement for one shape: `apply_filters` over bind parameters."""
    query = (
        core_select(*LISTED, col(Case.reference).label("case_reference"))
        .join(Case, col(Case.id) == col(Action.case_id))
        .where(_SEEN_BY[shape.kind])
    )
    if shape.kind == "panel":  # the panel's rows name the agency: no second statement
        query = query.add_columns(col(Agency.name).label("agency_name")).join(
            Agency, col(Agency.id) == col(Action.agency_id)
        )
    if shape.status == "open":
        query = query.where(is_open())
    elif shape.status == "closed":
        query = query.where(~is_open())
    wanted = [
        (shape.progress, col(Action.progress).in_(bindparam("progress", expanding=True))),
        (shape.due_before, col(Action.due_on) <= bindparam("due_before", type_=Date)),
        (shape.case_id, col(Action.case_id) == bindparam("case_id", type_=Integer)),
        (shape.agency_id, col(Action.agency_id) == bindparam("agency_id_filter", type_=Integer)),
        (shape.after_id, col(Action.id) > bindparam("after_id", type_=Integer)),
    ]
    query = narrowed(query, wanted)
    if shape.overdue is not None:
        query = query.where(col(Action.overdue).is_(shape.overdue))
    return query.order_by(col(Action.id)).limit(bindparam("limit", type_=Integer))


def find_visible(
    session: Session, condition: ColumnElement[bool], action_id: int, *, lock: bool
) -> tuple[Action, Case] | None:
    query = _ONE_ACTION.where(col(Action.id) == action_id, condition)
    if lock:
        query = query.with_for_update(of=Action)
    row = session.exec(query).first()
    return (row[0], row[1]) if row else None


_UPDATES = cast(Table, ActionUpdate.__table__)  # type: ignore[attr-defined]
_HISTORY = (
    core_select(*(_UPDATES.c[n] for n in ("id", "progress", "outcome", "reason", "note", "at")))
    .where(_UPDATES.c.action_id == _ACTION_ID)
    .order_by(_UPDATES.c.at, _UPDATES.c.id)
)  # built once: every action read and update answers with the history

_ONE_VISIBLE = {
    (kind, lock): (
        _ONE_ACTION.where(col(Action.id) == _ACTION_ID, seen).with_for_update(of=Action)
        if lock
        else _ONE_ACTION.where(col(Action.id) == _ACTION_ID, seen)
    )
    for kind, seen in _SEEN_BY.items()
    for lock in (False, True)
}  # the same condition as `scope`, built once: every action read and update runs it


def _seen_by(principal: Principal, days: int) -> tuple[str, dict[str, object]] | None:
    """Which of `_SEEN_BY` applies to the caller, with its parameters."""
    if principal.role in PANEL_ROLES and principal.panel_id is not None:
        return "panel", {"panel_id": principal.panel_id}
    if principal.is_agency and principal.agency_id is not None:
        cutoff = utcnow() - timedelta(days=days)
        return "agency", {"agency_id": principal.agency_id, "cutoff": cutoff}
    return None


def find_visible_to(
    session: Session,
    principal: Principal,
    action_id: int,
    *,
    access_days_after_closure: int,
    lock: bool,
) -> tuple[Action, Case] | None:
    seen = _seen_by(principal, access_days_after_closure)
    if seen is None:
        return None
    kind, params = seen
    row = session.exec(_ONE_VISIBLE[kind, lock], params={**params, "action_id": action_id}).first()
    return (row[0], row[1]) if row else None


def history(session: Session, action_id: int) -> Rows:
    """The action's history as plain rows (no mapped objects to load for an answer), this
    request's own change included: the session is flushed first, as a query through the
    ORM would have flushed it."""
    session.flush()
    return session.connection().execute(_HISTORY, {"action_id": action_id}).all()


def agency_names(session: Session, agency_ids: Iterable[int]) -> dict[int, str]:
    wanted = set(agency_ids)
    if not wanted:
        return {}
    rows = session.exec(select(Agency.id, Agency.name).where(col(Agency.id).in_(wanted))).all()
    return {aid: name for aid, name in rows if aid is not None}


def action_list(
    session: Session,
    condition: ColumnElement[bool],
    query: ListQuery,
    *,
    names: bool,
    page: PageRequest,
    today: date,
) -> Page[tuple[Action, str]]:
    """The web's action list: soonest due first, each with its case's reference. ``state``
    is "open" or "closed"; overdue means open and past its due date (not tick's flag, so
    the list is right before tick has run)."""
    stmt = select(Action, Case.reference).join(Case, col(Case.id) == col(Action.case_id))
    if query.q and names:  # the victim only for a name search: the count then reads no case
        stmt = stmt.outerjoin(Person, col(Person.id) == col(Case.victim_person_id))
    stmt = stmt.where(condition)
    if query.state == "open" or query.overdue:
        stmt = stmt.where(is_open())
    elif query.state == "closed":
        stmt = stmt.where(~is_open())
    q = query.q
    by_reference = contains_any(q, Action.reference, Case.reference)
    stmt = narrowed(
        stmt,
        [
            (query.overdue, col(Action.due_on) < today),
            (query.risk, col(Case.risk_level) == query.risk),
            (query.agency_id is not None, col(Action.agency_id) == query.agency_id),
            (q, or_(by_reference, *([named(q)] if names else []))),
        ],
    )
    order = (col(Action.due_on), col(Action.id))
    return fetch_page(session, stmt.order_by(*order), page)
