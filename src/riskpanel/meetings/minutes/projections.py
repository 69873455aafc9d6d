"""The minutes as the panel reads them: every case's record, and the list of versions."""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.kit.concurrency import etag
from riskpanel.kit.schemas import attributes
from riskpanel.meetings import repository as repo
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.minutes.schemas import (
    CaseMinutesOut,
    MinutesActionOut,
    MinutesOut,
    MinutesVersion,
    SharedInfoOut,
)
from riskpanel.models import Case, Meeting, Minutes


def minutes_etag(minutes: Minutes | MinutesOut) -> str:
    """The minutes' own version tag: a correction has a new id, so old tags stop matching."""
    minutes_id = minutes.minutes_id if isinstance(minutes, MinutesOut) else minutes.id
    return etag("minutes", minutes_id, minutes.row_version)


# What the minutes' answer copies from the row as it is.
_COPIED = (
    "version",
    "status",
    "approved_by_user_id",
    "approved_at",
    "correction_reason",
    "row_version",
)


def minutes_out(session: Session, meeting: Meeting, minutes: Minutes) -> MinutesOut:
    assert minutes.id is not None and meeting.id is not None
    return MinutesOut(
        **attributes(minutes, _COPIED),
        meeting_id=meeting.id,
        minutes_id=minutes.id,
        cases=[
            case_minutes_out(session, meeting, minutes, e.case_id)
            for e in minutes_repo.minute_entries(session, minutes.id)
        ],
        versions=[
            MinutesVersion.model_validate(m)
            for m in minutes_repo.minutes_versions(session, meeting.id)
        ],
    )


def case_minutes_out(
    session: Session, meeting: Meeting, minutes: Minutes, case_id: int
) -> CaseMinutesOut:
    entry = next(
        e for e in minutes_repo.minute_entries(session, minutes.id or 0) if e.case_id == case_id
    )
    case = session.get(Case, case_id)
    assert case is not None and entry.id is not None
    info = minutes_repo.shared_information(session, [entry.id]).get(entry.id, [])
    return CaseMinutesOut(
        case_id=case_id,
        case_reference=case.reference,
        case_state=case.state,
        **attributes(entry, minutes_repo.ENTRY_FIELDS),
        information=[SharedInfoOut.model_validate(i) for i in info],
        actions=[
            MinutesActionOut.model_validate(a)
            for a in repo.actions_agreed_at(session, meeting.id or 0, case_id)
        ],
        reviewed=[
            MinutesActionOut.model_validate(a)
            for a in repo.actions_reviewed_at(session, meeting.id or 0, case_id)
        ],
    )
