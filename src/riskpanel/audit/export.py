"""The access log as CSV, safe to open in a spreadsheet.

Cells that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab
or carriage return) get a leading apostrophe: an actor label is typed by a person and must
not become code on an auditor's machine.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from riskpanel.audit.keys import SEALED_FIELDS
from riskpanel.models import AuditEvent

# The id, then every sealed field, the actor's role and label before the actor's ids.
_ACTOR = ("actor_role", "actor_label")
COLUMNS = (
    "id",
    *SEALED_FIELDS[:3],
    *_ACTOR,
    *(name for name in SEALED_FIELDS[3:] if name not in _ACTOR),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """One CSV cell a spreadsheet shows as text (also used by the actions export)."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(events: Iterable[AuditEvent]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([safe_cell(getattr(event, name)) for name in COLUMNS])
    return buffer.getvalue()
