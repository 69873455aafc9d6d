"""Queries and writes behind the minutes: the versions, each case's entry and what each
agency shared. Kept apart so the minutes services read as use cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, col, delete, select

from riskpanel.kit.schemas import attributes
from riskpanel.meetings.minutes.schemas import CaseMinutesIn, SharedInfoIn
from riskpanel.models import MinuteEntry, Minutes, SharedInformation

# What one case's entry holds besides what each agency shared: typed in, copied to a correction.
ENTRY_FIELDS = (
    "decision",
    "decision_notes",
    "victim_views",
    "victim_views_agency_id",
    "safety_plan",
)


def minutes_versions(session: Session, meeting_id: int) -> list[Minutes]:
    return list(
        session.exec(
            select(Minutes).where(Minutes.meeting_id == meeting_id).order_by(col(Minutes.version))
        ).all()
    )


def latest_minutes(session: Session, meeting_id: int, *, lock: bool = False) -> Minutes | None:
    query = (
        select(Minutes)
        .where(Minutes.meeting_id == meeting_id)
        .order_by(col(Minutes.version).desc())
        .limit(1)
    )
    if lock:
        query = query.with_for_update()
    return session.exec(query).first()


def minute_entries(session: Session, minutes_id: int) -> list[MinuteEntry]:
    return list(
        session.exec(
            select(MinuteEntry)
            .where(MinuteEntry.minutes_id == minutes_id)
            .order_by(col(MinuteEntry.id))
        ).all()
    )


def decided_entries(session: Session, meeting_id: int, case_id: int) -> list[MinuteEntry]:
    """Entries for a case in any version of a meeting's minutes that took a decision."""
    return list(
        session.exec(
            select(MinuteEntry)
            .join(Minutes, col(Minutes.id) == col(MinuteEntry.minutes_id))
            .where(
                Minutes.meeting_id == meeting_id,
                MinuteEntry.case_id == case_id,
                col(MinuteEntry.decision).is_not(None),
            )
        ).all()
    )


def shared_information(
    session: Session, entry_ids: Iterable[int]
) -> dict[int, list[SharedInformation]]:
    wanted = set(entry_ids)
    found: dict[int, list[SharedInformation]] = defaultdict(list)
    if wanted:
        for item in session.exec(
            select(SharedInformation)
            .where(col(SharedInformation.minute_entry_id).in_(wanted))
            .order_by(col(SharedInformation.id))
        ).all():
            found[item.minute_entry_id].append(item)
    return found


def _add_information(
    session: Session, entry_id: int, items: Iterable[SharedInfoIn | SharedInformation]
) -> None:
    """What each agency shared, under one case's entry (typed in, or copied from a version)."""
    for item in items:
        session.add(
            SharedInformation(
                minute_entry_id=entry_id, agency_id=item.agency_id, kind=item.kind, text=item.text
            )
        )


def save_entry(
    session: Session, minutes: Minutes, case_id: int, data: CaseMinutesIn
) -> MinuteEntry:
    entry = next(
        (e for e in minute_entries(session, minutes.id or 0) if e.case_id == case_id), None
    )
    if entry is None:
        entry = MinuteEntry(minutes_id=minutes.id or 0, case_id=case_id)
    for name in ENTRY_FIELDS:
        setattr(entry, name, getattr(data, name))
    session.add(entry)
    session.flush()
    session.exec(
        delete(SharedInformation).where(col(SharedInformation.minute_entry_id) == entry.id)
    )
    _add_information(session, entry.id or 0, data.information)
    session.flush()
    return entry


def copy_entries(session: Session, source: Minutes, target: Minutes) -> None:
    entries = minute_entries(session, source.id or 0)
    info = shared_information(session, [e.id for e in entries if e.id])
    for entry in entries:
        copy = MinuteEntry(
            minutes_id=target.id or 0,
            case_id=entry.case_id,
            **attributes(entry, ENTRY_FIELDS),
        )
        session.add(copy)
        session.flush()
        _add_information(session, copy.id or 0, info.get(entry.id or 0, []))
    session.flush()
