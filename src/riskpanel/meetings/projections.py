"""What a reader sees of a meeting: its API shape and its calendar invitation (RFC 5545).

Invitations travel by ordinary email and sit in shared calendars, so they carry the panel,
time and place and nothing about any case: no references, no initials, no agenda.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText
from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.kit.concurrency import etag
from riskpanel.meetings import repository as repo
from riskpanel.meetings.schemas import MeetingOut
from riskpanel.meetings.thresholds import rules_for
from riskpanel.models import Meeting, User, utcnow

PRODID = "-//riskpanel//panel meetings//EN"


def meeting_etag(meeting_id: int | None, row_version: int) -> str:
    """The meeting's version as the API names it (agenda and attendance share it)."""
    return etag("meeting", meeting_id, row_version)


def meeting_out(session: Session, meeting: Meeting, settings: Settings) -> MeetingOut:
    """The meeting with its invitations and the day its minutes are due."""
    rules = rules_for(session, meeting, settings)
    return MeetingOut.model_validate(meeting).model_copy(
        update={
            "invited_agency_ids": repo.invited_agency_ids(session, meeting.id or 0),
            "minutes_due_on": rules.minutes_due_on(meeting.starts_at),
        }
    )


def _address(email: str, name: str, *, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    address.params["role"] = vText(role)
    return address


def _description(meeting: Meeting, panel_name: str) -> str:
    lines = [
        f"{panel_name} meeting.",
        "The agenda and papers are sent separately through riskpanel.",
        "OFFICIAL-SENSITIVE: do not forward this invitation outside your agency.",
    ]
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    return "\n".join(lines)


def meeting_invitation(*, session: Session, meeting: Meeting, settings: Settings) -> bytes:
    """An iCalendar REQUEST with one attendee per invited agency that has a contact email."""
    assert meeting.id is not None
    panel = repo.panel_of(session, meeting)
    host = urlsplit(settings.base_url).hostname or "riskpanel.invalid"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("sequence", meeting.row_version)
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"{panel.name} meeting")
    event.add("location", meeting.venue or "Online")
    event.add("description", _description(meeting, panel.name))
    event.add("class", "CONFIDENTIAL")
    if meeting.online_link:
        event.add("url", meeting.online_link)
    chair = session.get(User, meeting.chair_user_id) if meeting.chair_user_id else None
    if chair is not None:
        event.add("organizer", _address(chair.email, chair.display_name, role="CHAIR"))
    invited = repo.agencies_by_id(session, repo.invited_agency_ids(session, meeting.id))
    for agency in sorted(invited.values(), key=lambda a: a.name):
        if agency.contact_email:
            event.add(
                "attendee", _address(agency.contact_email, agency.name, role="REQ-PARTICIPANT")
            )
    cal.add_component(event)
    return cal.to_ical()
