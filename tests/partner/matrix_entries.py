"""Access-matrix entries for the partner routes: the checklist, the tracker as CSV, research
requests and the research due from an agency (merged by ``tests/security/matrix_spec.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from riskpanel.models import AgendaItem, Meeting
from tests.security.matrix import Call, Ctx, Route

PANEL = frozenset({"coordinator", "chair"})
AGENCY = frozenset({"agency", "agency_client"})


def research_request(ctx: Ctx, role: str, related: bool) -> Call:
    """A fresh case listed on an upcoming meeting of its panel; ask every member."""
    case = ctx.fresh_case(related, state="listed")
    starts = datetime.now(UTC) + timedelta(days=7)
    meeting = Meeting(
        panel_id=case.panel_id, starts_at=starts, referral_cutoff_at=starts - timedelta(days=10)
    )
    ctx.session.add(meeting)
    ctx.session.flush()
    ctx.session.add(
        AgendaItem(
            meeting_id=meeting.id or 0, section="new_case", case_id=case.id, position=1, title="x"
        )
    )
    ctx.session.commit()
    due_on = (date.today() + timedelta(days=2)).isoformat()
    return Call(path={"case_id": case.id}, json={"all_members": True, "due_on": due_on})


ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/risk/checklist"): Route(allowed=PANEL | AGENCY),
    ("GET", "/api/v1/actions.csv"): Route(allowed=PANEL | AGENCY),
    ("GET", "/api/v1/research/due"): Route(allowed=AGENCY),
    ("POST", "/api/v1/cases/{case_id}/research-requests"): Route(
        allowed=frozenset({"coordinator"}), build=research_request, scoped=True, ok=frozenset({201})
    ),
}
