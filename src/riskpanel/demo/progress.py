"""What happens to each action after the meeting that agreed it.

The owning agency reads the action and reports progress with its ETag (the police through
their case system's API key, everyone else in person); the coordinator reopens a finished
action when the victim says the problem is back; timers mark the late ones overdue. Actions
agreed at earlier meetings get a random fate and are reviewed at the next meeting; those from
the last meeting before today cycle through every fate, so today's panel shows actions open,
acknowledged, in progress, completed, not possible, overdue and reopened side by side.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from riskpanel.actions.repository import FINISHED
from riskpanel.actions.schemas import ActionUpdateIn
from riskpanel.actions.service import RANK, read_action, record_progress, reopen_action
from riskpanel.demo import texts
from riskpanel.demo.context import Demo
from riskpanel.kit.caller import Caller
from riskpanel.models import Action

FATES = ("completed", "acknowledged", "overdue", "in_progress", "open", "not_possible", "reopened")
EARLIER_FATES = (
    ("completed", 44),
    ("late", 12),
    ("not_possible", 12),
    ("overdue", 14),
    ("silent", 10),
    ("in_progress", 8),
    ("reopened", 6),
)
# fate -> the agency's reports (progress, days after the meeting) and the coordinator's reopening
PLANS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "completed": (("acknowledged", 1, 3), ("in_progress", 4, 8), ("completed", 9, 20)),
    # finished, but after its due date (due 14 to 30 days after the meeting)
    "late": (("acknowledged", 1, 3), ("in_progress", 4, 8), ("completed", 32, 40)),
    "acknowledged": (("acknowledged", 1, 3),),
    "in_progress": (("acknowledged", 1, 3), ("in_progress", 4, 8)),
    "not_possible": (("acknowledged", 1, 3), ("not_possible", 6, 12)),
    "overdue": (("acknowledged", 2, 4),),
    "reopened": (("acknowledged", 1, 2), ("completed", 4, 6), ("reopen", 8, 10)),
    "open": (),
    "silent": (),
}
AFTER_REOPENING = (("acknowledged", 12, 13), ("completed", 15, 18))


def fate_for(demo: Demo, last_meeting: bool) -> str:
    """Every fate in turn at the last meeting; a likely mix at the earlier ones."""
    if last_meeting:
        demo.tally["last_meeting_actions"] += 1
        return FATES[(demo.tally["last_meeting_actions"] - 1) % len(FATES)]
    fates, weights = zip(*EARLIER_FATES, strict=True)
    return demo.rng.choices(fates, weights=weights)[0]


def due_on(demo: Demo, fate: str, meeting_day: date, last_meeting: bool) -> date:
    """Earlier meetings: due before the next one. The last meeting: overdue ones due a few
    days ago, the others due after today."""
    if not last_meeting:
        return meeting_day + timedelta(days=demo.rng.randint(14, 30))
    if fate == "overdue":
        days_ago = timedelta(days=demo.rng.randint(4, 8))
        return max(meeting_day + timedelta(days=7), demo.today - days_ago)
    return demo.today + timedelta(days=demo.rng.randint(5, 25))


def _when(demo: Demo, meeting: datetime, days: int) -> datetime:
    tl = demo.timeline
    day = tl.working_day(meeting.astimezone(tl.zone).date() + timedelta(days=days))
    return tl.local(day, demo.rng.randint(9, 16), demo.rng.choice([0, 15, 30, 45]))


def plan_action(demo: Demo, action_id: int, fate: str, meeting: datetime) -> None:
    steps = PLANS[fate]
    if fate == "reopened" and demo.rng.random() < 0.3:
        steps += AFTER_REOPENING  # the agency finishes it again, properly this time
    for progress, low, high in steps:
        moment = _when(demo, meeting, demo.rng.randint(low, high))
        if progress == "reopen":
            demo.timeline.at(moment, partial(reopen, demo, action_id))
        else:
            demo.timeline.at(moment, partial(report, demo, action_id, progress))


def _update(demo: Demo, progress: str) -> ActionUpdateIn:
    if progress == "completed":
        return ActionUpdateIn(progress="completed", outcome=demo.rng.choice(texts.OUTCOMES))
    if progress == "not_possible":
        return ActionUpdateIn(progress="not_possible", reason=demo.rng.choice(texts.NOT_POSSIBLE))
    if progress == "in_progress":
        return ActionUpdateIn(progress="in_progress", note="Work started; update to follow.")
    return ActionUpdateIn(progress="acknowledged")


def report(demo: Demo, action_id: int, progress: str, _moment: datetime) -> None:
    """The agency reads the action (getting its ETag) and posts its progress."""
    action = demo.session.get(Action, action_id)
    assert action is not None
    if action.review_outcome is not None or action.progress in FINISHED:
        return  # reviewed at a meeting, or finished, before this report was due
    if RANK[progress] < RANK[action.progress]:
        return
    principal = demo.org.reporters[action.agency_id]
    _, detail = read_action(
        session=demo.session,
        caller=Caller(principal=principal, settings=demo.settings),
        action_id=action_id,
    )
    record_progress(
        session=demo.session,
        caller=Caller(principal=principal, settings=demo.settings),
        action_id=action_id,
        data=_update(demo, progress),
        if_match=detail.etag,
    )
    demo.tally[f"reports:{progress}"] += 1


def reopen(demo: Demo, action_id: int, _moment: datetime) -> None:
    action = demo.session.get(Action, action_id)
    assert action is not None
    if action.review_outcome is not None or action.progress not in FINISHED:
        return
    _, detail = read_action(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        action_id=action_id,
    )
    reopen_action(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        action_id=action_id,
        reason=texts.REOPEN,
        if_match=detail.etag,
    )
    demo.tally["reopened"] += 1
