"""What a notification says: a closed set of kinds and a closed set of data keys.

Messages leave riskpanel over webhooks and email, so they carry references, dates and a
link only: never a name, an address or an action's free-text description, which may quote
a victim. The allow-list below is enforced when a notification is queued, so a careless
caller fails loudly in tests instead of leaking in production.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

# kind -> subject template; every key used in a template must be in DATA_KEYS.
SUBJECTS: dict[str, str] = {
    "action.assigned": "New action {action_reference} (case {case_reference}), due {due_on}",
    "action.due_soon": "Action {action_reference} (case {case_reference}) is due on {due_on}",
    "action.due_today": "Action {action_reference} (case {case_reference}) is due today",
    "action.overdue": "Action {action_reference} (case {case_reference}) is overdue",
    "action.escalated": "Overdue action {action_reference} (case {case_reference}) "
    "owned by {agency}",
    "action.reopened": "Action {action_reference} (case {case_reference}) was reopened",
    "research.due": "Research for case {case_reference} is due by {due_on}",
    "case.accepted": "Your referral (case {case_reference}) was accepted onto the panel",
    "case.rejected": "Your referral (case {case_reference}) was not accepted onto the panel",
    "case.listed": "Case {case_reference} is listed for the panel meeting on {meeting_on}",
    "webhook.test": "riskpanel test notification",
    "account.second_factor_reset": "An administrator reset your riskpanel second factor: "
    "set it up again when you next sign in. If you did not ask for this, tell your panel "
    "coordinator",
}
KINDS = frozenset(SUBJECTS)
DATA_KEYS = frozenset(
    {"action_reference", "case_reference", "due_on", "meeting_on", "agency", "path"}
)
CHANNELS = frozenset({"webhook", "email"})
FOOTER = (
    "This message holds references only. Sign in to riskpanel, or use your agency's "
    "API key, to see the details."
)


def check_data(kind: str, data: Mapping[str, Any]) -> dict[str, str]:
    """Refuse unknown kinds and any key outside the allow-list; values become strings."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    extra = set(data) - DATA_KEYS
    if extra:
        raise ValueError(f"notification data may not carry {sorted(extra)}")
    return {key: str(value) for key, value in data.items() if value is not None}


def link(base_url: str, data: Mapping[str, str]) -> str | None:
    path = data.get("path")
    return base_url.rstrip("/") + path if path else None


def public_data(data: Mapping[str, str], base_url: str) -> dict[str, str]:
    """The data as sent: the stored relative path becomes an absolute link."""
    out = {k: v for k, v in data.items() if k != "path"}
    url = link(base_url, data)
    if url:
        out["link"] = url
    return out


def webhook_body(kind: str, data: Mapping[str, str], created_at: datetime, base_url: str) -> bytes:
    """Standard Webhooks payload shape: ``type``, ``timestamp`` and ``data``; compact JSON."""
    payload = {
        "type": kind,
        "timestamp": created_at.isoformat().replace("+00:00", "Z"),
        "data": public_data(data, base_url),
    }
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "-"


def subject(kind: str, data: Mapping[str, str]) -> str:
    return SUBJECTS[kind].format_map(_Blank(data))


def email_text(kind: str, data: Mapping[str, str], base_url: str) -> str:
    lines = [subject(kind, data) + ".", ""]
    labels = {
        "case_reference": "Case",
        "action_reference": "Action",
        "due_on": "Due",
        "meeting_on": "Meeting",
    }
    for key, label in labels.items():
        if key in data:
            lines.append(f"{label}: {data[key]}")
    url = link(base_url, data)
    if url:
        lines += ["", f"Open: {url}"]
    return "\n".join([*lines, "", FOOTER, ""])
