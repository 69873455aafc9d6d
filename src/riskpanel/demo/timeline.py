"""Replaying months of panel work in order, through the real services.

Each step runs with the clock moved to its moment (:func:`riskpanel.kit.clock.replaying`), and
before it every timer that fell due is fired as `riskpanel tick` run from cron would have
fired it: the review that falls due six weeks after a hearing, the overdue mark the day after
an action's due date, the Victims' Code reminders. Steps may plan later steps (a screening
plans the support referral; a hearing plans the agencies' progress). Whatever is planned for
after the real present simply has not happened yet, which is how a demo ends with new
referrals waiting for screening and actions still open.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from riskpanel.kit.clock import replaying
from riskpanel.risk.deadlines import add_working_days, is_working_day
from riskpanel.timers import service as timers

Step = Callable[[datetime], None]
TICK = timedelta(minutes=5)  # how often cron runs `riskpanel tick` in the replayed history


@dataclass(order=True)
class _Planned:
    moment: datetime
    seq: int
    step: Step = field(compare=False)


class Timeline:
    def __init__(
        self,
        session: Session,
        *,
        until: datetime,
        timezone: str,
        division: str,
        on_progress: Callable[[datetime], None] | None = None,
    ) -> None:
        timers.load_features()  # every domain's timer handlers, registered once
        self.session = session
        self.until = until
        self.zone = ZoneInfo(timezone)
        self.division = division
        self.on_progress = on_progress
        self._queue: list[_Planned] = []
        self._seq = 0
        self.current: datetime | None = None
        self.ran = 0
        self.timers_fired = 0

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    def working_day(self, day: date, days: int = 0) -> date:
        """`days` working days after `day` (0: `day` itself, or the next working day)."""
        if days == 0:
            while not is_working_day(day, self.division):
                day += timedelta(days=1)
            return day
        return add_working_days(day, days, self.division)

    def at(self, moment: datetime, step: Step) -> None:
        """Plan `step`; a moment before the step now running is moved just after it."""
        if self.current is not None and moment <= self.current:
            moment = self.current + timedelta(minutes=1)
        self._seq += 1
        heapq.heappush(self._queue, _Planned(moment, self._seq, step))

    def run(self) -> None:
        """Run every step planned up to `until`, in time order, firing timers on the way."""
        while self._queue and self._queue[0].moment <= self.until:
            planned = heapq.heappop(self._queue)
            self._catch_up(planned.moment)
            self.current = planned.moment
            with replaying(planned.moment):
                planned.step(planned.moment)
            self.ran += 1
            if self.on_progress is not None:
                self.on_progress(planned.moment)
        self._catch_up(self.until)
        self.current = None

    @property
    def not_yet(self) -> int:
        """Steps planned for after the present: they have not happened yet."""
        return len(self._queue)

    def _catch_up(self, moment: datetime) -> None:
        """Fire the timers due before `moment`, each at the next tick after it fell due."""
        while (due := timers.next_due(session=self.session, until=moment)) is not None:
            tick_at = min(due + TICK, moment)
            with replaying(tick_at):
                self.timers_fired += timers.fire_due(session=self.session, now=tick_at)
