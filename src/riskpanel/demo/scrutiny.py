"""Community scrutiny in the last week: a pack of the last twelve months' closed cases drafted,
reviewed and released, then read by the scrutiny member, who rates some summaries and assesses
some as a dip sample (HMICFRS's four questions); the coordinator answers, so "you said, we
did" has content.

The pack is drawn with a fixed seed so the demo is the same on every run; the panel's own
k-anonymity and 10-5 rule decide what is released, as they would for a real pack.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from riskpanel.demo import texts
from riskpanel.demo.context import Demo
from riskpanel.demo.people import SEED
from riskpanel.kit.caller import Caller
from riskpanel.scrutiny import access
from riskpanel.scrutiny.feedback import service as feedback_service
from riskpanel.scrutiny.feedback.assessments import service as assessments
from riskpanel.scrutiny.feedback.assessments.schemas import ScrutinyAssessmentIn
from riskpanel.scrutiny.feedback.schemas import FeedbackIn
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as packs
from riskpanel.scrutiny.packs.schemas import PackCreate
from riskpanel.scrutiny.packs.service import months_before
from riskpanel.scrutiny.summaries import service as summaries
from riskpanel.scrutiny.summaries.repository import summaries_of
from riskpanel.scrutiny.summaries.schemas import ReleasedSummaryOut

SAMPLE = 20
PERIOD_MONTHS = 12
RECIPIENTS = ["Northshire Community Scrutiny Panel"]
WITHHOLD_REASON = "The only case of its kind in the district this period: held back by the chair."


def plan_scrutiny(demo: Demo) -> None:
    """Counted back from today, so every step has happened whatever the weekday or holiday:
    drafted (over the twelve months before), released the next working day, read, rated and
    assessed one evening, answered."""
    tl = demo.timeline

    def working_day_before(day: date) -> date:
        day -= timedelta(days=1)
        while tl.working_day(day) != day:
            day -= timedelta(days=1)
        return day

    answered = working_day_before(demo.today)
    rated = answered - timedelta(days=1)
    released = working_day_before(rated)
    drafted = working_day_before(released)
    end = drafted - timedelta(days=1)
    start = months_before(end, PERIOD_MONTHS) + timedelta(days=1)
    tl.at(tl.local(drafted, 10), partial(draft, demo, start, end))
    tl.at(tl.local(released, 9, 30), partial(release, demo))
    tl.at(tl.local(rated, 19), partial(feedback, demo))
    tl.at(tl.local(rated, 20), partial(assess, demo))
    tl.at(tl.local(answered, 11), partial(answer, demo))
    tl.at(tl.local(answered, 14), partial(answer_assessments, demo))


def draft(demo: Demo, start: date, end: date, _moment: datetime) -> None:
    """Draft the pack, read every summary, withhold one, mark the rest reviewed."""
    pack = packs.create_pack(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        data=PackCreate(period_start=start, period_end=end, sample_size=SAMPLE, seed=SEED),
    )
    demo.pack_id = pack.id
    by: dict[str, Any] = dict(session=demo.session, principal=demo.coordinator)
    for index, summary in enumerate(summaries_of(demo.session, pack)):
        assert summary.id is not None
        which: dict[str, Any] = dict(pack=pack, summary_id=summary.id, if_match=None)
        if index == 2:
            summaries.set_withheld(**by, **which, withheld=True, reason=WITHHOLD_REASON)
        else:
            summaries.set_reviewed(**by, **which, reviewed=True)


def release(demo: Demo, _moment: datetime) -> None:
    if demo.pack_id is None:
        return
    pack = access.get_pack(demo.session, demo.coordinator, demo.pack_id, for_update=True)
    releases.release_pack(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        pack=pack,
        recipients=RECIPIENTS,
    )


def _read_released(demo: Demo) -> list[ReleasedSummaryOut]:
    """The member reads the released pack (a disclosure, logged): its shown summaries."""
    if demo.pack_id is None:
        return []
    member = demo.org.principals["scrutiny"]
    pack = access.get_pack(demo.session, member, demo.pack_id)
    return releases.released_view(session=demo.session, principal=member, pack=pack).summaries


def _unanswered(demo: Demo, listing: Callable[..., list[Any]]) -> list[Any]:
    """What the members wrote on the pack that the coordinator has not answered yet."""
    return listing(
        session=demo.session,
        principal=demo.coordinator,
        pack_id=demo.pack_id,
        answered=False,
        limit=50,
    )


def feedback(demo: Demo, _moment: datetime) -> None:
    """The member reads the released pack, then rates the first summaries."""
    member = demo.org.principals["scrutiny"]
    for summary, (rating, comment) in zip(_read_released(demo), texts.FEEDBACK, strict=False):
        feedback_service.add_feedback(
            session=demo.session,
            principal=member,
            summary_id=summary.id,
            data=FeedbackIn(rating=rating, comment=comment),
        )
        demo.tally["feedback"] += 1


def answer(demo: Demo, _moment: datetime) -> None:
    """The coordinator answers the questions (amber and red), not the praise."""
    for item in _unanswered(demo, feedback_service.list_feedback):
        if item.rating == "green":
            continue
        feedback_service.respond(
            session=demo.session,
            principal=demo.coordinator,
            feedback_id=item.id,
            response=texts.RESPONSE,
        )
        demo.tally["responses"] += 1


def assess(demo: Demo, _moment: datetime) -> None:
    """The member's dip sample: the released summaries after those rated, one assessment each."""
    member = demo.org.principals["scrutiny"]
    sample = _read_released(demo)[len(texts.FEEDBACK) :]
    for summary, answers in zip(sample, texts.ASSESSMENTS, strict=False):
        informed, support, flagged, timely, overall, comment = answers
        assessments.assess(
            session=demo.session,
            principal=member,
            summary_id=summary.id,
            data=ScrutinyAssessmentIn.model_validate(
                {
                    "kept_informed": informed,
                    "referred_to_support": support,
                    "flagged_correctly": flagged,
                    "response_timely": timely,
                    "overall": overall,
                    "comment": comment,
                }
            ),
        )
        demo.tally["assessments"] += 1


def answer_assessments(demo: Demo, _moment: datetime) -> None:
    """The coordinator answers every assessment short of good with what the panel changed."""
    for item in _unanswered(demo, assessments.list_assessments):
        response = texts.ASSESSMENT_RESPONSES.get(item.overall)
        if response is None:
            continue
        assessments.respond(
            session=demo.session,
            principal=demo.coordinator,
            assessment_id=item.id,
            response=response,
        )
        demo.tally["assessment_answers"] += 1
