"""Referrals arriving over six months, and their screening a working day or two later.

Agencies refer (the police most); the coordinator confirms the strands, opens a case and
accepts it on the route the evidence supports, or rejects it when none applies, exactly as
through the web or the API. One referral waits for more information, one accepted case is
withdrawn when the victim withdraws consent, and one victim already in monitoring is
referred again: the match is confirmed and the repeat reopens the case.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from riskpanel.cases.service import list_cases
from riskpanel.cases.transitions.service import fire_transition
from riskpanel.demo import texts
from riskpanel.demo.context import Demo
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Referral
from riskpanel.models.enums import AgencyKind
from riskpanel.people.service import confirm_match, list_matches
from riskpanel.referrals.flags.service import decide_flags
from riskpanel.referrals.intake.service import lexicon_for
from riskpanel.referrals.schemas import FlagDecisionIn, ScreeningDecision, ScreeningIn
from riskpanel.referrals.screening.service import screen
from riskpanel.referrals.service import create_referral
from riskpanel.victims.schemas import SupportReferralIn, SupportStatus
from riskpanel.victims.service import record_support_referral

REFERRALS = 60
WAITING = 3  # the newest referrals still wait for screening
INFO_REQUESTED = 9  # index of the referral screened with a request for more information
WITHDRAWN = 4  # the first accepted case from this index on is withdrawn by the victim
K = AgencyKind
REFERRERS = (
    (K.POLICE, 9),
    (K.HOUSING, 3),
    (K.VICTIM_SUPPORT, 3),
    (K.COMMUNITY_ORGANISATION, 2),
    (K.EDUCATION, 1),
    (K.HEALTH, 1),
    (K.ADULT_SOCIAL_CARE, 1),
)


def plan_referrals(demo: Demo, first: date, last: date, repeat_from: date) -> None:
    """Sixty referrals spread over working days; the first after `repeat_from` is a repeat."""
    tl, rng = demo.timeline, demo.rng
    span = (last - first).days
    repeat_planned = False
    for index in range(REFERRALS):
        day = first + timedelta(days=round(index * span / (REFERRALS - 1)))
        while tl.working_day(day) != day:
            day -= timedelta(days=1)
        moment = tl.local(day, rng.randint(9, 16), rng.choice([0, 10, 20, 30, 40, 50]))
        repeat = not repeat_planned and day >= repeat_from
        repeat_planned = repeat_planned or repeat
        tl.at(moment, partial(refer, demo, index, repeat))


def _referrer(demo: Demo) -> Principal:
    """A person at a member agency refers (partner systems report progress, not referrals)."""
    kinds, weights = zip(*REFERRERS, strict=True)
    agency_id = demo.org.agency_id(demo.rng.choices(kinds, weights=weights)[0])
    key = next(k for k, u in demo.org.users.items() if u.agency_id == agency_id)
    return demo.org.principals[key]


def _monitored_case(demo: Demo) -> int | None:
    """The coordinator's list of cases in monitoring: the first one is referred again."""
    page = demo_cases(demo, "monitoring", limit=1)
    return page[0] if page else None


def demo_cases(demo: Demo, state: str, limit: int = 50) -> list[int]:
    page = list_cases(
        session=demo.session,
        caller=Caller(demo.coordinator, demo.settings),
        state=state,
        limit=limit,
    )
    return [c.id for c in page.items]


def refer(demo: Demo, index: int, repeat: bool, moment: datetime) -> None:
    principal = _referrer(demo)
    monitored = _monitored_case(demo) if repeat else None
    if monitored is not None:  # the referrer's own record of the victim, spelt as before
        earlier = demo.referred[demo.opened_from[monitored]]
        body = demo.people.repeat_referral(earlier, moment)
    else:
        body = demo.people.referral(index, demo.org.panel_id, moment)
    referral, _ = create_referral(
        session=demo.session,
        principal=principal,
        data=body,
        settings=demo.settings,
        workflows=demo.workflows,
    )
    demo.tally["referrals"] += 1
    demo.referred[referral.id or 0] = body
    if index >= REFERRALS - WAITING:
        return
    tl = demo.timeline
    day = tl.working_day(moment.astimezone(tl.zone).date(), demo.rng.randint(1, 2))
    when = tl.local(day, demo.rng.randint(9, 15), demo.rng.choice([5, 25, 45]))
    tl.at(when, partial(screen_referral, demo, referral.id or 0, index, monitored))


def _decide(demo: Demo, referral_id: int, data: ScreeningIn, if_match: str | None) -> Case | None:
    out = screen(
        session=demo.session,
        caller=Caller(demo.coordinator, demo.settings),
        referral_id=referral_id,
        data=data,
        if_match=if_match,
        workflows=demo.workflows,
    )
    return demo.case(out.case.id) if out.case else None


def screen_referral(
    demo: Demo, referral_id: int, index: int, repeat_of: int | None, moment: datetime
) -> None:
    """Strands confirmed first (HMICFRS 2018: mis-flagging), then the case decision."""
    decide_flags(
        session=demo.session,
        principal=demo.coordinator,
        referral_id=referral_id,
        data=FlagDecisionIn(note="Strands checked against the narrative at screening."),
        lexicon=lexicon_for(demo.settings),
    )
    if repeat_of is not None and _attach_repeat(demo, referral_id, repeat_of):
        demo.tally["repeats"] += 1
        _plan_support(demo, repeat_of, moment)
        return
    case = _decide(demo, referral_id, ScreeningIn(decision=ScreeningDecision.OPEN_CASE), None)
    assert case is not None and case.id is not None
    demo.opened_from[case.id] = referral_id
    if index == INFO_REQUESTED:
        _decide(
            demo,
            referral_id,
            ScreeningIn(decision=ScreeningDecision.REQUEST_INFO, reason=texts.REQUEST_INFO),
            demo.case_etag(case.id),
        )
        demo.timeline.at(moment + timedelta(days=4), partial(info_received, demo, referral_id))
        return
    accept_or_reject(demo, referral_id, case.id, index, moment)


def _attach_repeat(demo: Demo, referral_id: int, case_id: int) -> bool:
    """Confirm the suggested match to the monitored victim, then attach (repeat_reopen)."""
    referral = demo.session.get(Referral, referral_id)
    case = demo.case(case_id)
    if referral is None or case.state != "monitoring":
        return False
    matches = list_matches(
        session=demo.session, principal=demo.coordinator, person_id=referral.victim_person_id
    )
    match = next(
        (
            m
            for m in matches.items
            if m.status == "suggested" and m.other.id == case.victim_person_id
        ),
        None,
    )
    if match is None:
        return False
    confirm_match(session=demo.session, principal=demo.coordinator, match_id=match.id)
    _decide(
        demo,
        referral_id,
        ScreeningIn(decision=ScreeningDecision.ATTACH, case_id=case_id),
        demo.case_etag(case_id),
    )
    return True


def info_received(demo: Demo, referral_id: int, moment: datetime) -> None:
    referral = demo.session.get(Referral, referral_id)
    assert referral is not None and referral.case_id is not None
    _decide(
        demo,
        referral_id,
        ScreeningIn(decision=ScreeningDecision.INFO_RECEIVED),
        demo.case_etag(referral.case_id),
    )
    accept_or_reject(demo, referral_id, referral.case_id, -1, moment)


def accept_or_reject(
    demo: Demo, referral_id: int, case_id: int, index: int, moment: datetime
) -> None:
    """Accept on the strongest evidenced route; with none, reject and later close."""
    case = demo.case(case_id)
    routes = [str(e["kind"]) for e in case.route_evidence if e.get("kind")]
    if_match = demo.case_etag(case_id)
    if not routes:
        _decide(
            demo,
            referral_id,
            ScreeningIn(decision=ScreeningDecision.REJECT, reason=texts.REJECT),
            if_match,
        )
        demo.tally["rejected"] += 1
        if demo.tally["rejected"] % 3:
            demo.timeline.at(moment + timedelta(days=7), partial(close_rejected, demo, case_id))
        return
    decision = ScreeningIn(
        decision=ScreeningDecision.ACCEPT, route=routes[0], reason="Meets the panel's criteria."
    )
    _decide(demo, referral_id, decision, if_match)
    demo.tally["accepted"] += 1
    _plan_support(demo, case_id, moment)
    if index >= WITHDRAWN and not demo.tally["withdrawal_planned"]:
        demo.tally["withdrawal_planned"] += 1
        demo.timeline.at(moment + timedelta(days=2), partial(withdraw, demo, case_id))


def _plan_support(demo: Demo, case_id: int, moment: datetime) -> None:
    demo.timeline.at(moment + timedelta(hours=2), partial(support_referral, demo, case_id))


def support_referral(demo: Demo, case_id: int, moment: datetime) -> None:
    """The Victims' Code referral to support: made, or declined by the victim."""
    declined = demo.rng.random() < 0.2
    record_support_referral(
        session=demo.session,
        caller=Caller(demo.coordinator, demo.settings),
        case_id=case_id,
        data=SupportReferralIn(
            status=SupportStatus.DECLINED if declined else SupportStatus.MADE,
            service=texts.SUPPORT_SERVICE,
            at=moment - timedelta(minutes=30),
            declined_reason=texts.SUPPORT_DECLINED if declined else None,
        ),
    )


def fire_case(demo: Demo, case_id: int, trigger: str, reason: str | None = None) -> None:
    fire_transition(
        session=demo.session,
        principal=demo.coordinator,
        case_id=case_id,
        trigger=trigger,
        expected_version=demo.case(case_id).row_version,
        workflows=demo.workflows,
        reason=reason,
        access_days_after_closure=demo.access_days,
    )


def withdraw(demo: Demo, case_id: int, _moment: datetime) -> None:
    """Only while still waiting: once listed, the next accepted case is withdrawn instead."""
    if demo.case(case_id).state != "accepted":
        demo.tally["withdrawal_planned"] -= 1
        return
    fire_case(demo, case_id, "withdraw", texts.WITHDRAW)
    demo.tally["withdrawn"] += 1


def close_rejected(demo: Demo, case_id: int, _moment: datetime) -> None:
    if demo.case(case_id).state == "rejected":
        fire_case(demo, case_id, "close_rejected")


def close_monitored(demo: Demo, case_id: int, _moment: datetime) -> None:
    """Risk has fallen and nothing more happened: the panel closes before the window ends."""
    if demo.case(case_id).state == "monitoring":
        fire_case(demo, case_id, "close", texts.CLOSE_MONITORING)
