"""The inspection's findings as figures (HMICFRS 2018 on hate crime; issue 17): for the
period and the period before it, each with its numerator and denominator.

Counting (:func:`count_indicators`) and publishing (:func:`publish_indicator`) are separate
pure steps, so tests check the published figures against the rows they built. Which counts
are hidden is decided with the pack's tables as one system (``figures.suppress_all``): a
denominator under 10 hides the whole figure; a numerator or complement under 10 hides the
count, and the share is then given only as a bound ("at most 9%"), which says no more than
the suppression itself; every other count is rounded to the nearest 5 and the percentage is
read from the rounded counts. Each hidden figure says what was hidden and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from riskpanel.privacy.suppression import round_to
from riskpanel.scrutiny.facts import KEY_UPDATE_IN_TIME, SUPPORT_IN_TIME, CaseFacts
from riskpanel.scrutiny.summaries.content import gender

HEARD = "heard"
YEAR_DAYS = 365
LINKED = "hidden so that another table's total cannot give back a small count"


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    unit: str  # what the denominator counts
    definition: str


INDICATORS = (
    Indicator(
        "strand_corrected",
        "Strand corrected at screening",
        "referrals",
        "Referrals whose strands the coordinator changed at screening, of those screened.",
    ),
    Indicator(
        "victim_record_complete",
        "Victim record complete",
        "cases",
        "Cases whose victim record holds an age, a sex or gender, and a district.",
    ),
    Indicator(
        "updates_on_time",
        "Victims' Code updates on time",
        "cases",
        "First update given within one working day, where the Victims' Code applied.",
    ),
    Indicator(
        "support_within_two_days",
        "Support referral within two working days",
        "cases",
        "Referred to a support service within two working days (England and Wales bank "
        "holidays excluded), where the victim wanted support.",
    ),
    Indicator(
        "repeat_within_12_months",
        "Repeat victimisation within 12 months",
        "cases",
        "Cases referred again or reopened for a new incident within 12 months of the referral.",
    ),
    Indicator(
        "referral_to_hearing",
        "Referral to hearing",
        "cases heard",
        "Median days from the referral to the panel's hearing, for cases heard.",
    ),
    Indicator(
        "actions_by_due_date",
        "Actions completed by their due date",
        "actions",
        "Actions the agency reported completed on or before their due date, of all actions.",
    ),
)


def _share(facts: Sequence[CaseFacts], test: Callable[[CaseFacts], bool | None]) -> tuple[int, int]:
    """(numerator, denominator): ``test`` is True, False, or None for "does not apply"."""
    results = [r for r in (test(f) for f in facts) if r is not None]
    return sum(1 for r in results if r), len(results)


def _repeat(f: CaseFacts) -> bool:
    later = [h.at for h in f.history if h.trigger == "repeat_reopen"]
    within = any((at - f.referred_at).days <= YEAR_DAYS for at in later)
    return within or f.referral_count > 1


def _complete(f: CaseFacts) -> bool:
    return f.victim_dob is not None and gender(f) is not None and bool(f.district)


def hearing_days(facts: Sequence[CaseFacts]) -> list[int]:
    days = []
    for f in facts:
        heard = next((h.at for h in f.history if h.to_state == HEARD), None)
        if heard is not None:
            days.append(max(0, (heard - f.referred_at).days))
    return days


def count_indicators(facts: Sequence[CaseFacts]) -> dict[str, tuple[int, int]]:
    """True (numerator, denominator) of each indicator; for the hearing time the numerator is
    the median in days (never published below the threshold)."""
    actions = [a for f in facts for a in f.actions if a.due_on is not None]
    on_time = sum(
        1
        for a in actions
        if a.completed_at is not None and a.due_on is not None and a.completed_at.date() <= a.due_on
    )
    days = hearing_days(facts)
    return {
        "strand_corrected": _share(
            facts, lambda f: f.strands_corrected if f.strands_screened else None
        ),
        "victim_record_complete": _share(facts, _complete),
        "updates_on_time": _share(facts, lambda f: f.victims_code.checks()[KEY_UPDATE_IN_TIME]),
        "support_within_two_days": _share(
            facts, lambda f: f.victims_code.checks()[SUPPORT_IN_TIME]
        ),
        "repeat_within_12_months": _share(facts, _repeat),
        "referral_to_hearing": (round(median(days)) if days else 0, len(days)),
        "actions_by_due_date": (on_time, len(actions)),
    }


def _bounds(den: int, threshold: int, rounding: int) -> tuple[int, int]:
    """What "fewer than ``threshold``" means as a share of a denominator shown rounded: at
    most ``high`` per cent, or (for the complement) at least ``low`` per cent. Read against
    the smallest denominator that rounds to the one shown, so the statement holds for the
    true one; it says no more than the [c] of the count itself."""
    smallest = max(threshold, den - rounding // 2)
    high = -(-100 * (threshold - 1) // smallest)
    return high, 100 - high


def _bounded(
    indicator: Indicator, numerator: int, denominator: int, den: int, threshold: int, rounding: int
) -> dict[str, Any]:
    """A hidden numerator over a shown (rounded) denominator ``den``: the share as a bound
    when the count or its complement is small, else only "[c]" (hidden by linking)."""
    high, low = _bounds(den, threshold, rounding)
    few_met = numerator < threshold
    bound: str | None = f"at most {high}%" if few_met else f"at least {low}%"
    who = "met it" if few_met else "did not"
    shown = f"{bound} (fewer than {threshold} {who}, of about {den})"
    if numerator >= threshold and denominator - numerator >= threshold:
        bound = None
        shown = f"[c] of about {den}"
    suppressed = (
        f"fewer than {threshold} {indicator.unit} met it or did not, so the count is not "
        "shown and the share only as a bound"
        if bound
        else LINKED
    )
    return {"bound": bound, "shown": shown, "suppressed": suppressed}


def publish_indicator(
    indicator: Indicator,
    numerator: int,
    denominator: int,
    *,
    num_hidden: bool,
    den_hidden: bool,
    threshold: int,
    rounding: int,
) -> dict[str, Any]:
    """One figure as the linked suppression left it, with its printed form and, if hidden,
    the reason. A hidden numerator over a shown denominator is still given as a bound (at
    most or at least a share), so every indicator with enough cases has a value."""
    out: dict[str, Any] = {"numerator": None, "denominator": None, "percent": None}
    if den_hidden:
        small = denominator < threshold
        out["shown"] = "[c]"
        out["suppressed"] = f"fewer than {threshold} {indicator.unit}" if small else LINKED
        return out
    den = max(round_to(denominator, rounding), round_to(threshold, rounding))
    out["denominator"] = den
    if indicator.key == "referral_to_hearing":
        out["median_days"] = numerator
        out["shown"] = f"median {numerator} days (about {den} {indicator.unit})"
        out["suppressed"] = None
        return out
    if num_hidden:
        return out | _bounded(indicator, numerator, denominator, den, threshold, rounding)
    num = max(round_to(numerator, rounding), round_to(threshold, rounding))
    out |= {"numerator": num, "percent": round(100 * num / den) if den else None}
    out["shown"] = f"{out['percent']}% (about {num} of {den})"
    out["suppressed"] = None
    return out
