"""Examples of the meeting answers for the OpenAPI document (synthetic data).

Kept apart from the schemas so that module stays about the shapes. FastAPI leaves nulls
out of the document, so each example is a record whose nullable required fields are set.
"""

from __future__ import annotations

MEETING = {
    "id": 3,
    "panel_id": 1,
    "starts_at": "2027-01-14T10:00:00Z",
    "duration_minutes": 120,
    "venue": "Committee Room 2, Testshire Civic Centre",
    "online_link": "https://meet.example.org/testshire-panel",
    "chair_user_id": 4,
    "status": "held",
    "referral_cutoff_at": "2027-01-04T10:00:00Z",
    "invited_agency_ids": [1, 2, 3, 4],
    "minutes_due_on": "2027-01-21",
    "row_version": 3,
    "created_at": "2026-12-01T09:00:00Z",
}
AGENDA = {
    "meeting_id": 3,
    "items": [
        {
            "id": 11,
            "section": "new_case",
            "case_id": 7,
            "case_reference": "HC-2026-0007",
            "position": 1,
            "slot_minutes": 20,
            "title": "HC-2026-0007: new case",
            "starts_at": "10:00:00",
        },
        {
            "id": 12,
            "section": "review",
            "case_id": 5,
            "case_reference": "HC-2026-0005",
            "position": 2,
            "slot_minutes": 15,
            "title": "HC-2026-0005: review of actions",
            "starts_at": "10:20:00",
        },
    ],
    "expected_length_minutes": 35,
    "planned_length_minutes": 120,
    "overruns": False,
    "listed_case_ids": [7],
    "row_version": 2,
}
MINUTES_ACTION = {
    "id": 42,
    "reference": "A-2026-0042",
    "case_id": 7,
    "meeting_id": 3,
    "agency_id": 2,
    "description": "Fit a door camera and a letterbox guard.",
    "due_on": "2027-02-04",
    "progress": "completed",
    "review_outcome": "completed",
    "reviewed_meeting_id": 4,
}
MINUTES = {
    "meeting_id": 3,
    "minutes_id": 6,
    "version": 2,
    "status": "approved",
    "approved_by_user_id": 4,
    "approved_at": "2027-01-20T16:00:00Z",
    "correction_reason": "The due date of action A-2026-0042 was minuted wrongly.",
    "cases": [
        {
            "case_id": 7,
            "case_reference": "HC-2026-0007",
            "case_state": "actions_open",
            "decision": "actions_agreed",
            "decision_notes": "Agreed a joint visit and a security survey.",
            "victim_views": "Wants to stay in her home; asks that police visit in plain clothes.",
            "victim_views_agency_id": 7,
            "safety_plan": "Door camera and letterbox guard; a named housing office contact.",
            "information": [
                {
                    "agency_id": 2,
                    "kind": "fact",
                    "text": "Tenancy warning served on the neighbour in November.",
                }
            ],
            "actions": [MINUTES_ACTION],
            "reviewed": [],
        }
    ],
    "versions": [
        {
            "version": 2,
            "status": "approved",
            "approved_at": "2027-01-20T16:00:00Z",
            "correction_reason": "The due date of action A-2026-0042 was minuted wrongly.",
        }
    ],
    "row_version": 4,
}
