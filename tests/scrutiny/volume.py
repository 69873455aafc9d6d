"""A year of a panel's concluded cases as plain facts, in milliseconds, for the cell-share
and suppression tests (no database: the figures are computed from ``CaseFacts`` alone).

The mix follows what a hate crime risk panel sees: strands in about the proportions of the
Home Office's hate crime statistics (race most, then sexual orientation, disability,
religion, transgender identity; some cases with two), routes mostly the risk checklist, most
cases closed after the monitoring window, two to four actions a case owned by the usual
agencies, most completed; Victims' Code entitlements recorded for most victims and met for
most. Seeded, so a failing volume can be replayed.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from riskpanel.scrutiny.facts import ActionFact, CaseFacts, HistoryFact, VictimsCodeFact

STRANDS = {
    "race": 0.66,
    "sexual_orientation": 0.17,
    "disability": 0.09,
    "religion": 0.08,
    "transgender": 0.05,
}
ROUTES = {
    "high_risk": 0.45,
    "repeat": 0.2,
    "escalation": 0.15,
    "professional_judgement": 0.15,
    "community_trigger": 0.05,
}
ENDINGS = {
    "close_after_window": 0.6,
    "close": 0.15,
    "close_no_action": 0.1,
    "withdraw": 0.1,
    "close_rejected": 0.05,
}
AGENCIES = {
    "police": 0.3,
    "housing": 0.22,
    "victim_support": 0.18,
    "adult_social_care": 0.08,
    "health": 0.07,
    "community_organisation": 0.06,
    "childrens_services": 0.04,
    "education": 0.03,
    "probation": 0.02,
}
PROGRESS = {
    "completed": 0.72,
    "not_possible_circumstances_changed": 0.12,
    "not_done_by_agency": 0.08,
    "in_progress": 0.08,
}
RISK = {"high": 0.4, "medium": 0.4, "standard": 0.15, None: 0.05}


def _pick(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), list(weights.values()))[0]


def _strands(rng: random.Random) -> frozenset[str]:
    first = str(_pick(rng, STRANDS))
    if rng.random() < 0.08:
        return frozenset({first, str(_pick(rng, STRANDS))})
    return frozenset({first})


def _actions(rng: random.Random, heard: datetime) -> tuple[ActionFact, ...]:
    out = []
    for _ in range(rng.randint(2, 4)):
        progress = str(_pick(rng, PROGRESS))
        due = (heard + timedelta(days=rng.randint(14, 42))).date()
        done = None
        if progress == "completed":
            done = datetime.combine(due, datetime.min.time(), UTC) + timedelta(
                days=rng.choice([-10, -3, 0, 2, 9]) if rng.random() < 0.3 else -5
            )
        out.append(ActionFact(str(_pick(rng, AGENCIES)), progress, None, heard, due, done))
    return tuple(out)


def _victims_code(rng: random.Random, referred: datetime) -> VictimsCodeFact:
    if rng.random() < 0.12:
        return VictimsCodeFact()
    reported = referred - timedelta(days=1)
    support = reported + timedelta(days=1 if rng.random() < 0.78 else 4)
    update = reported + timedelta(hours=20 if rng.random() < 0.82 else 50)
    declined = rng.random() < 0.1
    return VictimsCodeFact(
        applies=True,
        support_due_at=reported + timedelta(days=2),
        key_update_due_at=reported + timedelta(days=1),
        support_referrals=((support, "declined" if declined else "made"),),
        updates=(update,) if rng.random() < 0.93 else (),
        needs_assessed=rng.random() < 0.8,
    )


def concluded_year(n: int, *, seed: int = 17, start: date = date(2025, 1, 1)) -> list[CaseFacts]:
    """``n`` cases concluded evenly over the year from ``start``."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        closed = datetime.combine(start, datetime.min.time(), UTC) + timedelta(
            days=rng.randint(0, 364), hours=11
        )
        referred = closed - timedelta(days=rng.randint(60, 300))
        heard = referred + timedelta(days=rng.randint(12, 45))
        ending = str(_pick(rng, ENDINGS))
        history = (
            HistoryFact(referred + timedelta(days=1), "referred", "screening", "start_screening"),
            HistoryFact(heard, "listed", "heard", "hear"),
            HistoryFact(closed, "monitoring", "closed", ending),
        )
        at_referral = _pick(rng, RISK)
        out.append(
            CaseFacts(
                case_id=i + 1,
                state="withdrawn" if ending == "withdraw" else "closed",
                referred_at=referred,
                closed_at=closed,
                victim_dob=date(1980, 1, 1) if rng.random() < 0.85 else None,
                victim_sex=str(rng.choice(["female", "male"])),
                district="North" if rng.random() < 0.92 else None,
                strands=_strands(rng),
                route=str(_pick(rng, ROUTES)),
                strands_screened=rng.random() < 0.95,
                strands_corrected=rng.random() < 0.14,
                risk_at_referral=at_referral if isinstance(at_referral, str) else None,
                risk_at_closure=str(rng.choice(["standard", "medium", "medium", "high"])),
                referral_count=2 if rng.random() < 0.16 else 1,
                history=history,
                actions=_actions(rng, heard),
                victims_code=_victims_code(rng, referred),
            )
        )
    return out
