"""What every step of the demo's replay needs, gathered in one object."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.demo.partnership import Partnership
from riskpanel.demo.people import DemoPeople
from riskpanel.demo.timeline import Timeline
from riskpanel.kit.concurrency import etag
from riskpanel.kit.errors import NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Case
from riskpanel.models.enums import AgencyKind
from riskpanel.referrals.schemas import ReferralCreate
from riskpanel.workflow import WorkflowRegistry


@dataclass
class Demo:
    session: Session
    settings: Settings
    workflows: WorkflowRegistry
    timeline: Timeline
    people: DemoPeople
    org: Partnership
    today: date
    rng: random.Random
    tally: Counter[str] = field(default_factory=Counter)
    meeting_ids: dict[int, int] = field(default_factory=dict)  # meeting number -> id
    meeting_days: dict[int, date] = field(default_factory=dict)
    last_held: int = 0  # the number of the last meeting before today
    # agencies that returned research on a case, for the minutes' shared information
    researched: dict[int, list[AgencyKind]] = field(default_factory=dict)
    # what each referral said, and the referral each case was opened from: the referrer's
    # own record, used when the same victim is referred again
    referred: dict[int, ReferralCreate] = field(default_factory=dict)
    opened_from: dict[int, int] = field(default_factory=dict)
    pack_id: int | None = None

    @property
    def coordinator(self) -> Principal:
        return self.org.principals["coordinator"]

    @property
    def chair(self) -> Principal:
        return self.org.principals["chair"]

    @property
    def access_days(self) -> int:
        return self.settings.agency_access_days_after_closure

    def case(self, case_id: int) -> Case:
        case = self.session.get(Case, case_id)
        if case is None:  # pragma: no cover - cases are never deleted
            raise NotFound()
        return case

    def case_etag(self, case_id: int) -> str:
        """What a client holds after reading the case: its current ETag."""
        case = self.case(case_id)
        return etag("case", case.id, case.row_version)
