"""A case's timeline: incidents, assessments, transitions, actions and updates, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from riskpanel.cases.schemas import AgencyCaseView, CaseDetail
from riskpanel.victims.schemas import EntitlementOut
from riskpanel.web.templating import TZ, words


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    title: str
    text: str = ""
    link: str = ""

    @property
    def dated_only(self) -> bool:
        return self.kind == "Incident"


def _at(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(0, 0), tzinfo=TZ)


def case_events(
    view: AgencyCaseView | CaseDetail,
    actions: list[Any],
    entitlement: EntitlementOut | None,
    state_labels: dict[str, str],
) -> list[Event]:
    events = [
        Event(
            _at(i.occurred_on),
            "Incident",
            f"{words(i.kind)}{' (online)' if i.online else ''}",
            ", ".join(words(s.strand) for s in i.strands)
            + (f"; reported {i.reported_at:%d %B %Y}" if i.reported_at else ""),
        )
        for i in view.incidents
    ]
    if isinstance(view, CaseDetail):
        events += [
            Event(
                _at(a.assessed_at),
                "Assessment" if a.view_of is None else f"Assessment: {a.view_of}",
                f"Risk checklist: {words(a.level)} (score {a.score})"
                if a.view_of is None
                else f"{a.view_of}: {words(a.level).lower()} (score {a.score}); "
                "information for the panel, not the case's level",
                a.judgement_reason or "",
            )
            for a in view.assessments
        ]
        events += [
            Event(
                _at(h.at),
                "Transition",
                f"{state_labels.get(h.from_state, words(h.from_state))} to "
                f"{state_labels.get(h.to_state, words(h.to_state))}",
                f"By {h.actor_label}" + (f": {h.reason}" if h.reason else ""),
            )
            for h in view.history
        ]
    events += [
        Event(
            _at(a.created_at),
            "Action",
            f"Action {a.reference} agreed: {a.description}",
            f"Due {a.due_on:%d %B %Y}; progress: {words(a.progress).lower()}",
            f"/actions/{a.id}",
        )
        for a in actions
    ]
    if entitlement is not None:
        events += [
            Event(
                _at(u.given_at),
                "Update to victim",
                f"{words(u.kind)} ({words(u.method).lower()})",
                u.summary or "",
            )
            for u in entitlement.updates
        ]
        events += [
            Event(
                _at(s.at),
                "Support referral",
                f"{s.service}: {'declined by the victim' if s.status == 'declined' else 'made'}",
                s.declined_reason or "",
            )
            for s in entitlement.support_referrals
        ]
    return sorted(events, key=lambda e: e.at, reverse=True)
