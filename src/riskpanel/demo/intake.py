"""Referrals arriving over the months, and their screening a working day or two later.

Agencies refer (the police most); the coordinator confirms the strands or corrects those the
referrer flagged wrongly, opens a case and accepts it on the route the evidence supports, or
rejects it when none applies, exactly as through the web or the API. One referral waits for
more information, a few accepted cases are withdrawn when the victim withdraws consent, and
some victims still with the panel are referred again: the match is confirmed and the repeat
joins their case (reopening it from monitoring). The support referral and the first update
are recorded as given, most within the Victims' Code's deadlines and some late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from sqlmodel import col, select

from riskpanel.cases.service import list_cases
from riskpanel.cases.transitions.service import fire_transition
from riskpanel.demo import texts
from riskpanel.demo.context import Demo
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Referral, VictimEntitlement
from riskpanel.models.enums import AgencyKind
from riskpanel.people.service import confirm_match, list_matches
from riskpanel.referrals.flags.service import decide_flags
from riskpanel.referrals.intake.service import lexicon_for
from riskpanel.referrals.repository import incidents_of
from riskpanel.referrals.schemas import (
    FlagCorrection,
    FlagDecisionIn,
    ScreeningDecision,
    ScreeningIn,
)
from riskpanel.referrals.screening.service import screen
from riskpanel.referrals.service import create_referral
from riskpanel.victims.schemas import (
    SupportReferralIn,
    SupportStatus,
    UpdateKind,
    UpdateMethod,
    VictimUpdateIn,
)
from riskpanel.victims.service import record_support_referral, record_update

WAITING = 3  # the newest referrals still wait for screening
INFO_REQUESTED = 9  # index of the referral screened with a request for more information
WITHDRAWN_EVERY = 25  # about one accepted case in 25 is withdrawn by the victim
# Share of referrals, after the first weeks, about a victim already open. Hate crime is often
# repeated (about a third of victims are targeted again within the year); at 0.13 the 12-month
# pack held fewer than 10 closed repeat cases, so its repeat indicator was suppressed.
REPEATS = 0.3
REPEAT_STATES = ("monitoring", "actions_open", "review")
SUPPORT_LATE = 0.2  # support referrals made after the Victims' Code's two working days
UPDATE_LATE = 0.25  # first updates given after its one working day
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


def plan_referrals(demo: Demo, first: date, last: date, count: int) -> None:
    """`count` referrals spread over working days; some after the first weeks are repeats."""
    tl, rng = demo.timeline, demo.rng
    span = (last - first).days
    for index in range(count):
        day = first + timedelta(days=round(index * span / (count - 1)))
        while tl.working_day(day) != day:
            day -= timedelta(days=1)
        moment = tl.local(day, rng.randint(9, 16), rng.choice([0, 10, 20, 30, 40, 50]))
        repeat = index > count // 10 and index < count - WAITING and rng.random() < REPEATS
        tl.at(moment, partial(refer, demo, index, count, repeat))


@dataclass(frozen=True)
class Screening:
    referral_id: int
    index: int
    repeat_of: int | None  # the open case of the same victim
    corrected: list[str] | None  # the strands the coordinator puts right


def _referrer(demo: Demo) -> Principal:
    """A person at a member agency refers (partner systems report progress, not referrals)."""
    kinds, weights = zip(*REFERRERS, strict=True)
    agency_id = demo.org.agency_id(demo.rng.choices(kinds, weights=weights)[0])
    key = next(k for k, u in demo.org.users.items() if u.agency_id == agency_id)
    return demo.org.principals[key]


def _open_case(demo: Demo) -> int | None:
    """A case of a victim still with the panel, from the coordinator's lists: the victim of a
    repeat referral (none in the first weeks, before any case is open)."""
    by_state = {
        state: sorted(c for c in demo_cases(demo, state) if c in demo.opened_from)
        for state in REPEAT_STATES
    }
    if by_state["monitoring"] and demo.rng.random() < 0.5:  # half reopen a monitored case
        return demo.rng.choice(by_state["monitoring"])
    open_now = [c for cases in by_state.values() for c in cases]
    return demo.rng.choice(open_now) if open_now else None


def demo_cases(demo: Demo, state: str, limit: int = 50) -> list[int]:
    page = list_cases(
        session=demo.session,
        caller=Caller(demo.coordinator, demo.settings),
        state=state,
        limit=limit,
    )
    return [c.id for c in page.items]


def refer(demo: Demo, index: int, count: int, repeat: bool, moment: datetime) -> None:
    principal = _referrer(demo)
    earlier_case = _open_case(demo) if repeat else None
    corrected = None
    if earlier_case is not None:  # the referrer's own record of the victim, spelt as before
        earlier = demo.referred[demo.opened_from[earlier_case]]
        body = demo.people.repeat_referral(earlier, moment)
    else:
        body, corrected = demo.people.referral(demo.org.panel_id, moment)
    referral, _ = create_referral(
        session=demo.session,
        principal=principal,
        data=body,
        settings=demo.settings,
        workflows=demo.workflows,
    )
    demo.tally["referrals"] += 1
    demo.referred[referral.id or 0] = body
    if index >= count - WAITING:
        return
    tl = demo.timeline
    day = tl.working_day(moment.astimezone(tl.zone).date(), demo.rng.randint(1, 2))
    when = tl.local(day, demo.rng.randint(9, 15), demo.rng.choice([5, 25, 45]))
    screening = Screening(referral.id or 0, index, earlier_case, corrected)
    tl.at(when, partial(screen_referral, demo, screening))


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


def _flag_decision(demo: Demo, screening: Screening) -> FlagDecisionIn:
    """Confirmed as referred, or corrected where the narrative shows another strand."""
    if screening.corrected is None:
        return FlagDecisionIn(note=texts.FLAGS_CONFIRMED)
    incidents = incidents_of(demo.session, screening.referral_id)
    demo.tally["strands_corrected"] += 1
    return FlagDecisionIn(
        corrections=[
            FlagCorrection(incident_id=i.id or 0, strands=screening.corrected) for i in incidents
        ],
        note=texts.FLAGS_CORRECTED,
    )


def screen_referral(demo: Demo, screening: Screening, moment: datetime) -> None:
    """Strands confirmed or corrected first (HMICFRS 2018: mis-flagging), then the case."""
    referral_id, repeat_of = screening.referral_id, screening.repeat_of
    decide_flags(
        session=demo.session,
        principal=demo.coordinator,
        referral_id=referral_id,
        data=_flag_decision(demo, screening),
        lexicon=lexicon_for(demo.settings),
    )
    if repeat_of is not None and _attach_repeat(demo, referral_id, repeat_of):
        demo.tally["repeats"] += 1
        _plan_support(demo, repeat_of, moment)
        return
    case = _decide(demo, referral_id, ScreeningIn(decision=ScreeningDecision.OPEN_CASE), None)
    assert case is not None and case.id is not None
    demo.opened_from[case.id] = referral_id
    index = screening.index
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
    """Confirm the suggested match to the victim of the open case, then attach (a case in
    monitoring reopens: repeat_reopen)."""
    referral = demo.session.get(Referral, referral_id)
    case = demo.case(case_id)
    if referral is None or case.state not in REPEAT_STATES:
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
    if demo.tally["accepted"] % WITHDRAWN_EVERY == 4:
        demo.timeline.at(moment + timedelta(days=2), partial(withdraw, demo, case_id))


def _plan_support(demo: Demo, case_id: int, moment: datetime) -> None:
    demo.timeline.at(moment + timedelta(hours=2), partial(support_referral, demo, case_id))


def _given_at(demo: Demo, due: datetime | None, late: float, moment: datetime) -> datetime:
    """When the victim was given it: before the Victims' Code deadline, or (a share of the
    time) some days after it; never after the moment it is recorded."""
    latest = moment - timedelta(minutes=30)
    if due is None:
        return latest
    if demo.rng.random() < late:
        return min(latest, due + timedelta(days=demo.rng.randint(1, 5)))
    return min(latest, due - timedelta(hours=demo.rng.randint(2, 20)))


def support_referral(demo: Demo, case_id: int, moment: datetime) -> None:
    """The Victims' Code referral to support (made, or declined by the victim), usually by
    the police within two working days of the crime report, and the first update."""
    declined = demo.rng.random() < 0.2
    due = demo.session.exec(
        select(VictimEntitlement).where(col(VictimEntitlement.case_id) == case_id)
    ).first()
    caller = Caller(demo.coordinator, demo.settings)
    record_support_referral(
        session=demo.session,
        caller=caller,
        case_id=case_id,
        data=SupportReferralIn(
            status=SupportStatus.DECLINED if declined else SupportStatus.MADE,
            service=texts.SUPPORT_SERVICE,
            at=_given_at(demo, due.support_referral_due_at if due else None, SUPPORT_LATE, moment),
            declined_reason=texts.SUPPORT_DECLINED if declined else None,
        ),
    )
    if due is None or due.key_update_due_at is None:
        return  # no crime reported: the Victims' Code updates do not apply
    record_update(
        session=demo.session,
        caller=caller,
        case_id=case_id,
        data=VictimUpdateIn(
            kind=UpdateKind.CASE_PROGRESS,
            method=demo.rng.choice([UpdateMethod.PHONE, UpdateMethod.PHONE, UpdateMethod.EMAIL]),
            given_at=_given_at(demo, due.key_update_due_at, UPDATE_LATE, moment),
            summary=texts.FIRST_UPDATE,
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
    """Only while still waiting: once listed, the victim's consent stands."""
    if demo.case(case_id).state != "accepted":
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
