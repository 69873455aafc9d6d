"""Who attended a meeting: present agencies, apologies (with what an absent agency sent
in) and observers, each with the confidentiality statement signed or not."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError

from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.text import is_ascii_digits
from riskpanel.meetings.access import AttendanceUser
from riskpanel.meetings.attendance import service as attendance
from riskpanel.meetings.attendance.schemas import AttendanceIn
from riskpanel.meetings.pages import form_version, meeting_refused
from riskpanel.models import utcnow
from riskpanel.web.common import DbSession, Form, see_other, web_router
from riskpanel.web.forms import FormValues
from riskpanel.web.templating import field_id

router = web_router()


def _attendees(values: FormValues, agency_ids: list[int]) -> tuple[list[dict[str, Any]], list[str]]:
    people, rows = [], []
    for agency_id in agency_ids:
        status = values.get(f"att.{agency_id}.status")
        if status not in ("present", "apology"):
            continue
        info = values.text(f"att.{agency_id}.info")
        people.append(
            {
                "agency_id": agency_id,
                "name": values.get(f"att.{agency_id}.name"),
                "role": values.get(f"att.{agency_id}.role"),
                "status": status,
                "confidentiality_signed": values.flag(f"att.{agency_id}.signed"),
                "information_sent_at": utcnow() if info and status == "apology" else None,
                "information_summary": info if status == "apology" else None,
            }
        )
        rows.append(f"att.{agency_id}.name")
    if values.text("observer.name"):
        people.append(
            {
                "name": values.get("observer.name").strip(),
                "role": values.get("observer.role").strip() or "Observer",
                "status": "observer",
                "confidentiality_signed": values.flag("observer.signed"),
            }
        )
        rows.append("observer.name")
    return people, rows


@router.post("/meetings/{meeting_id}/attendance")
def save_attendance(
    meeting_id: int, request: Request, form: Form, session: DbSession, principal: AttendanceUser
) -> Response:
    values = FormValues.of(form)
    agency_ids = [int(v) for v in values.getlist("agency_id") if is_ascii_digits(v)]
    people, rows = _attendees(values, agency_ids)
    try:
        data = AttendanceIn.model_validate({"attendees": people})
        attendance.save_attendance(
            session=session,
            principal=principal,
            meeting_id=meeting_id,
            data=data,
            expected_version=form_version(values, meeting_id),
        )
    except (RiskPanelError, ValidationError) as exc:
        anchors = {
            field_id(f"attendees.{i}{suffix}"): field_id(row)
            for i, row in enumerate(rows)
            for suffix in ("", ".name", ".role", ".agency_id", ".information_summary")
        }
        return meeting_refused(
            request, session, principal, meeting_id, exc, "attendance", values, anchors=anchors
        )
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "attendance", "#attendance")
