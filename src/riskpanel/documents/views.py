"""View models for the meeting documents: the agenda, the minutes and an agency's extract.

The documents package renders these and nothing else. They are plain, frozen values built by
the meetings service, so a template can never reach a database row (and through it a field the
reader must not see), and the canonical JSON of a view is a stable cache key. Rules that protect
people live here rather than in templates: the agenda carries initials, never a name, and an
agency extract refuses an action owned by another agency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Text = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
RiskLevel = Literal["standard", "medium", "high"]
ReviewOutcome = Literal["completed", "not_possible_circumstances_changed", "not_done_by_agency"]
InformationKind = Literal["fact", "opinion", "withheld"]

# A role marker after the chair's name ("Insp. A. Khan (Chair)", "..., Chair"): the documents
# print the name in a row headed "Chair", so the marker would say it twice.
_CHAIR_MARKER = re.compile(r"(?:\s*(?:\(\s*chair\s*\)|,\s*chair))+\s*$", re.IGNORECASE)

# Up to four capital letters, optionally with full stops ("JS", "J.S.", "J. S."): an agenda
# travels by email to every agency, so it must never carry a name.
_INITIALS = re.compile(r"^(?:[A-Z]\.? ?){1,4}$")

REVIEW_OUTCOME_LABELS: dict[str, str] = {
    "completed": "Completed",
    "not_possible_circumstances_changed": "Not possible: circumstances changed",
    "not_done_by_agency": "Not done by the agency",
}


def uk_date(value: date) -> str:
    """Write a date the way UK public bodies do ("3 March 2025"), without a leading zero."""
    return f"{value.day} {value:%B %Y}"


class View(BaseModel):
    """Base for every view: immutable, and unknown fields are a bug in the caller."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class MeetingDetails(View):
    """Who meets, when and where; printed on every page of the meeting documents."""

    panel_name: ShortText
    meeting_date: date
    start_time: time
    venue: ShortText = Field(description="Room and address, or the online service used.")
    online: bool = False
    chair: ShortText = Field(description="Chair's name and role, e.g. 'Insp. A. Khan, Police'.")

    @field_validator("chair")
    @classmethod
    def _chair_once(cls, value: str) -> str:
        """Printed under the heading "Chair": a trailing "(Chair)" or ", Chair" is dropped, so
        the document names the chair once ("Insp. A. Khan (Chair), Chair" read as a defect)."""
        return _CHAIR_MARKER.sub("", value).strip() or value.strip()

    @property
    def running_title(self) -> str:
        return f"{self.panel_name} \u2014 {uk_date(self.meeting_date)}"


class CaseLine(View):
    """The minimum that identifies a case in a document shared across agencies."""

    case_ref: ShortText
    victim_initials: ShortText
    strands: tuple[ShortText, ...] = Field(min_length=1)
    risk_level: RiskLevel

    @field_validator("victim_initials")
    @classmethod
    def _initials_only(cls, value: str) -> str:
        if not _INITIALS.match(value.strip()):
            raise ValueError("victim_initials must be initials (e.g. 'JS'), never a name")
        return value.strip()


class ActionItem(View):
    """An action agreed at a meeting, owned by one agency."""

    action_ref: ShortText
    case_ref: ShortText
    owner_agency: ShortText
    description: Text
    due_date: date


class UnfinishedAction(ActionItem):
    """An action from the last meeting still open; ``status`` is the agency's own progress.

    ``overdue`` is printed as the word "Overdue" beside the status (never colour alone), so the
    panel sees at a glance which agencies are late.
    """

    status: ShortText
    overdue: bool = False


class AgendaCase(CaseLine):
    """A new or repeat case listed for discussion."""

    route: ShortText = Field(description="Route into the panel, as a display label.")
    referring_agency: ShortText
    time_slot: time
    children_in_household: bool
    repeat: bool = False


class ReviewDue(CaseLine):
    """A case whose actions come back for review at this meeting."""

    last_heard: date
    open_actions: int = Field(ge=0)
    time_slot: time | None = None


class TwelveMonthNotice(View):
    """A case 12 months past its last hearing: the panel is told it will leave monitoring."""

    case_ref: ShortText
    last_heard: date
    note: Text | None = None


def _unique_refs(refs: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise ValueError(f"{what} {ref!r} is listed twice")
        seen.add(ref)


class AgendaDocument(View):
    """The agenda, in the order of docs/DOMAIN.md section 5.

    Cases with children in the household are always printed first (so children's agencies may
    leave), whatever order the caller gives; within each group the caller's order is kept.
    """

    meeting: MeetingDetails
    confidentiality_statement: Text
    unfinished_actions: tuple[UnfinishedAction, ...] = ()
    cases: tuple[AgendaCase, ...] = ()
    reviews_due: tuple[ReviewDue, ...] = ()
    twelve_month_notices: tuple[TwelveMonthNotice, ...] = ()
    any_other_business: tuple[Text, ...] = ()
    expected_length_minutes: int = Field(gt=0, le=24 * 60)
    toc_threshold: int = Field(10, ge=0, description="More case items than this adds a TOC.")

    @model_validator(mode="after")
    def _no_duplicate_cases(self) -> AgendaDocument:
        _unique_refs((c.case_ref for c in self.cases), "case")
        return self

    @property
    def cases_with_children(self) -> tuple[AgendaCase, ...]:
        return tuple(c for c in self.cases if c.children_in_household)

    @property
    def adult_only_cases(self) -> tuple[AgendaCase, ...]:
        return tuple(c for c in self.cases if not c.children_in_household)

    @property
    def overdue_actions(self) -> tuple[UnfinishedAction, ...]:
        return tuple(a for a in self.unfinished_actions if a.overdue)

    @property
    def case_items(self) -> int:
        return len(self.cases) + len(self.reviews_due)

    @property
    def needs_toc(self) -> bool:
        return self.case_items > self.toc_threshold

    @property
    def expected_end(self) -> time:
        start = datetime.combine(self.meeting.meeting_date, self.meeting.start_time)
        return (start + timedelta(minutes=self.expected_length_minutes)).time()


class Attendance(View):
    """One person present for an agency, and whether they signed the confidentiality statement."""

    agency: ShortText
    representative: ShortText
    role: ShortText | None = None
    confidentiality_signed: bool


class Observer(View):
    name: ShortText
    organisation: ShortText
    confidentiality_signed: bool


class Apology(View):
    agency: ShortText
    representative: ShortText | None = None


class AbsentAgencyInformation(View):
    """Information an absent agency sent in, and when: the minutes are the audit trail."""

    agency: ShortText
    sent_at: datetime
    summary: Text


class SharedInformation(View):
    """What one agency shared about a case; fact and opinion are kept apart, and anything
    withheld is recorded with the reason (``text`` then holds the reason)."""

    agency: ShortText
    kind: InformationKind
    text: Text


class RiskReview(View):
    """The case's risk level at referral, at this hearing and now, and the panel's view of
    whether it fell, in the panel's words: the minutes show each case's risk over time, as
    SafeLives MARAC minutes do, instead of only the level today."""

    at_referral: RiskLevel | None = None
    at_hearing: RiskLevel | None = None
    now: RiskLevel
    panel_view: Text


class VictimVoice(View):
    """The victim's views and wishes as the agency in contact with them reported them, and
    the safety plan agreed: a panel hears the victim through the advocate, never without."""

    case_ref: ShortText
    views: Text | None = None
    reported_by: ShortText | None = Field(None, description="The agency that reported them.")
    safety_plan: Text | None = None


class MinutesCase(CaseLine):
    children_in_household: bool
    information: tuple[SharedInformation, ...] = ()
    decision: Text
    actions: tuple[ActionItem, ...] = ()
    risk_review: RiskReview | None = None
    voice: VictimVoice | None = None

    def information_of(self, kind: InformationKind) -> tuple[SharedInformation, ...]:
        return tuple(i for i in self.information if i.kind == kind)


class CarriedForwardAction(ActionItem):
    """An action from an earlier meeting with the panel's review outcome."""

    outcome: ReviewOutcome
    note: Text | None = None


OutcomeGroup = tuple[str, tuple[CarriedForwardAction, ...]]


class MinutesDocument(View):
    """The minutes: the audit trail of a meeting (docs/DOMAIN.md section 5)."""

    meeting: MeetingDetails
    confidentiality_statement: Text
    version: int = Field(ge=1)
    approved_on: date | None = Field(None, description="Set when the chair approves; else DRAFT.")
    attendance: tuple[Attendance, ...] = Field(min_length=1)
    observers: tuple[Observer, ...] = ()
    apologies: tuple[Apology, ...] = ()
    absent_agency_information: tuple[AbsentAgencyInformation, ...] = ()
    cases: tuple[MinutesCase, ...] = ()
    carried_forward: tuple[CarriedForwardAction, ...] = ()

    @property
    def approval_status(self) -> str:
        if self.approved_on is None:
            return "DRAFT"
        return f"Approved by chair on {uk_date(self.approved_on)}"

    @property
    def carried_forward_by_outcome(self) -> tuple[OutcomeGroup, ...]:
        """Group the reviewed actions in a fixed order, so every set of minutes reads alike."""
        return tuple(
            (label, tuple(a for a in self.carried_forward if a.outcome == outcome))
            for outcome, label in REVIEW_OUTCOME_LABELS.items()
        )


class CoordinatorContact(View):
    name: ShortText
    email: ShortText
    phone: ShortText | None = None


class AgencyExtractDocument(View):
    """One agency's actions from one meeting, with the least case detail that lets it act.

    The validator is the guarantee that an extract never carries another agency's action; use
    :meth:`for_agency` to build one from every action of the meeting.
    """

    meeting: MeetingDetails
    confidentiality_statement: Text
    agency_name: ShortText
    actions: tuple[ActionItem, ...] = ()
    coordinator: CoordinatorContact
    voices: tuple[VictimVoice, ...] = Field(
        (), description="The victim's voice and safety plan of each case the agency acts on."
    )

    @model_validator(mode="after")
    def _only_own_actions(self) -> AgencyExtractDocument:
        foreign = [a.action_ref for a in self.actions if a.owner_agency != self.agency_name]
        if foreign:
            raise ValueError(f"actions owned by another agency: {', '.join(foreign)}")
        return self

    @classmethod
    def for_agency(
        cls,
        *,
        meeting: MeetingDetails,
        confidentiality_statement: str,
        agency_name: str,
        actions: Iterable[ActionItem],
        coordinator: CoordinatorContact,
        voices: Iterable[VictimVoice] = (),
    ) -> AgencyExtractDocument:
        own = tuple(
            ActionItem.model_validate(a.model_dump(include=set(ActionItem.model_fields)))
            for a in actions
            if a.owner_agency == agency_name
        )
        return cls(
            meeting=meeting,
            confidentiality_statement=confidentiality_statement,
            agency_name=agency_name,
            actions=tuple(sorted(own, key=lambda a: (a.due_date, a.case_ref, a.action_ref))),
            coordinator=coordinator,
            voices=tuple(v for v in voices if v.case_ref in {a.case_ref for a in own}),
        )
