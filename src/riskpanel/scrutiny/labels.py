"""The words a scrutiny pack uses for stored codes: one vocabulary for summaries and figures.

Strands and routes are the pages' own labels (``kit.vocabulary``); the rest are worded for a
pack's readers (outcomes as they end a case, agency kinds as a table's rows)."""

from __future__ import annotations

from riskpanel.kit import vocabulary
from riskpanel.privacy.suppression import round_to

SMALL_COUNT = 10  # the ONS 10-5 rule (docs/PRIVACY.md)

ROUTES = vocabulary.ROUTES  # the pages' words, so a pack and a page name a route alike
OUTCOMES = {
    "close_after_window": "Closed after the monitoring window",
    "close": "Closed early during monitoring",
    "close_no_action": "Closed with no further action after the hearing",
    "close_rejected": "Referral not accepted",
    "withdraw": "Withdrawn",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
}
ACTION_OUTCOMES = {
    "completed": "Completed",
    "not_possible_circumstances_changed": "Not possible: circumstances changed",
    "not_possible": "Not possible",
    "not_done_by_agency": "Not done by the agency",
    "open": "Not finished",
    "acknowledged": "Not finished",
    "in_progress": "Not finished",
}
STRANDS = vocabulary.STRANDS  # the national five; local ones are marked by strand()
AGENCY_KINDS = {
    "police": "Police",
    "housing": "Housing",
    "adult_social_care": "Adult social care",
    "childrens_services": "Children's services",
    "health": "Health",
    "education": "Education",
    "victim_support": "Victim support",
    "community_organisation": "Community organisation",
    "probation": "Probation",
    "other": "Other agency",
}
INCIDENT_KINDS = {
    "crime": "Crime",
    "non_crime_hate_incident": "Non-crime hate incident",
}
PERCEIVED_BY = {
    "victim": "The victim",
    "witness": "A witness",
    "officer": "A police officer",
    "family": "The victim's family",
    "carer": "A carer",
    "third_party_reporting_centre": "A third-party reporting centre",
}
RISK_LEVELS = ("standard", "medium", "high")
NOT_RECORDED = "Not recorded"


def _plain(code: str) -> str:
    return code.replace("_", " ").strip().capitalize() or NOT_RECORDED


def route(code: str | None) -> str:
    return ROUTES.get(code or "", _plain(code) if code else NOT_RECORDED)


def outcome(code: str) -> str:
    return OUTCOMES.get(code, _plain(code))


def action_outcome(code: str) -> str:
    return ACTION_OUTCOMES.get(code, _plain(code))


def agency_kind(code: str) -> str:
    return AGENCY_KINDS.get(code, _plain(code))


def incident_kind(code: str) -> str:
    return INCIDENT_KINDS.get(code, _plain(code))


def perceived_by(code: str) -> str:
    return PERCEIVED_BY.get(code, _plain(code))


def strand(code: str, *, local: bool = False) -> str:
    """National strands by their monitored name; local ones marked, kept apart (DOMAIN 2)."""
    text = STRANDS.get(code, _plain(code))
    return f"{text} (local)" if local else text


def risk(code: str | None) -> str:
    return code.capitalize() if code in RISK_LEVELS else NOT_RECORDED


def risk_code(code: str | None) -> str | None:
    return code if code in RISK_LEVELS else None


def count_text(n: int) -> str:
    """A count printed on a front page or a list, under the 10-5 rule like every figure."""
    return "fewer than 10" if n < SMALL_COUNT else f"about {round_to(n, 5):,}"
