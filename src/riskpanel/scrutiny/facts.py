"""The structured facts of a concluded case that scrutiny may use, and nothing else.

Summaries and statistics are computed from these plain values, never from database rows, so
the set of fields that can reach a scrutiny panel is fixed here and reviewable in one place.
Free text (narratives, action descriptions) and the people in the record travel separately in
:class:`CaseText`, which only the redaction step reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from riskpanel.privacy import KnownPerson

TERMINAL_TRIGGERS = ("close_after_window", "close", "close_no_action", "close_rejected", "withdraw")
REPEAT_TRIGGER = "repeat_reopen"

#: Victims' Code requirements checked for every case (key, wording in the pack).
SUPPORT_IN_TIME = "support_referral_in_time"
KEY_UPDATE_IN_TIME = "key_update_in_time"
UPDATES_GIVEN = "updates_given"
NEEDS_ASSESSED = "needs_assessed"
REQUIREMENTS: dict[str, str] = {
    SUPPORT_IN_TIME: "Referred to a support service in time (2 working days)",
    KEY_UPDATE_IN_TIME: "First update given in time (1 working day)",
    UPDATES_GIVEN: "Updates given to the victim",
    NEEDS_ASSESSED: "Needs assessment recorded",
}


@dataclass(frozen=True)
class ActionFact:
    """An action by the kind of agency that owned it (its text is in :class:`CaseText`)."""

    agency_kind: str
    progress: str
    review_outcome: str | None
    agreed_at: datetime | None = None
    due_on: date | None = None
    completed_at: datetime | None = None  # when the agency reported it completed

    @property
    def outcome(self) -> str:
        """The panel's review outcome when there is one, else the agency's progress."""
        return self.review_outcome or self.progress

    @property
    def completed(self) -> bool:
        return self.outcome == "completed"


@dataclass(frozen=True)
class HistoryFact:
    at: datetime
    from_state: str
    to_state: str
    trigger: str


@dataclass(frozen=True)
class VictimsCodeFact:
    """What the record says about the victim's entitlements; ``applies`` False = not recorded."""

    applies: bool = False
    opted_out: bool = False
    support_due_at: datetime | None = None
    key_update_due_at: datetime | None = None
    support_referrals: tuple[tuple[datetime, str], ...] = ()
    updates: tuple[datetime, ...] = ()
    needs_assessed: bool = False

    def checks(self) -> dict[str, bool | None]:
        """Each requirement: met, not met, or None when it did not apply or is unknown."""
        if not self.applies:
            return dict.fromkeys(REQUIREMENTS)
        return {
            SUPPORT_IN_TIME: self._support_in_time(),
            KEY_UPDATE_IN_TIME: _in_time(self.updates, self.key_update_due_at),
            UPDATES_GIVEN: bool(self.updates),
            NEEDS_ASSESSED: self.needs_assessed,
        }

    def _support_in_time(self) -> bool | None:
        declined = any(status == "declined" for _, status in self.support_referrals)
        if self.opted_out or (declined and not self._made()):
            return None
        return _in_time(self._made(), self.support_due_at)

    def _made(self) -> tuple[datetime, ...]:
        return tuple(at for at, status in self.support_referrals if status == "made")


def _in_time(moments: tuple[datetime, ...], due_at: datetime | None) -> bool | None:
    if due_at is None:
        return None  # no deadline recorded: neither met nor missed
    return any(m <= due_at for m in moments)


@dataclass(frozen=True)
class CaseFacts:
    """One concluded case as structured values (no names, no free text)."""

    case_id: int
    state: str
    referred_at: datetime
    closed_at: datetime | None
    victim_dob: date | None = None
    victim_sex: str | None = None
    victim_gender: str | None = None  # gender identity as the victim gave it
    district: str | None = None
    area: str | None = None
    strands: frozenset[str] = frozenset()
    local_strands: frozenset[str] = frozenset()
    route: str | None = None
    incident_kinds: frozenset[str] = frozenset()
    perceived_by: frozenset[str] = frozenset()
    online: bool = False
    referring_agency_kind: str | None = None
    strands_screened: bool = False  # the coordinator decided the strand flags at screening
    strands_corrected: bool = False  # ... and changed the strands the referrer gave
    risk_at_referral: str | None = None
    risk_at_closure: str | None = None
    referral_count: int = 1
    history: tuple[HistoryFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    victims_code: VictimsCodeFact = field(default_factory=VictimsCodeFact)

    @property
    def repeat(self) -> bool:
        """Came back to the panel: reopened inside the window or referred more than once."""
        return self.referral_count > 1 or any(h.trigger == REPEAT_TRIGGER for h in self.history)

    @property
    def outcome(self) -> str:
        """How the case ended: the trigger that took it to its final state."""
        for h in reversed(self.history):
            if h.trigger in TERMINAL_TRIGGERS:
                return h.trigger
        return self.state

    @property
    def days_to_closure(self) -> int:
        if self.closed_at is None:
            return 0
        return max(0, (self.closed_at - self.referred_at).days)


@dataclass(frozen=True)
class CaseText:
    """The free text of a case and everyone and everything it could name.

    ``literals`` are other values from the structured record, each with the kind of label it
    gets: crime references, case and referral references, incident places, online handles.
    """

    paragraphs: tuple[str, ...]
    action_texts: tuple[str, ...]  # in the order of CaseFacts.actions
    people: tuple[KnownPerson, ...]
    person_ids: frozenset[int]
    literals: tuple[tuple[str, str], ...] = ()
