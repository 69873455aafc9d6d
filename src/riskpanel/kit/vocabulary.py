"""The panel's words for the codes riskpanel stores, in one place.

Pages and documents never show a stored code (``alternative_subculture``,
``not_possible_circumstances_changed``): they show its label. The case lifecycle's own
codes (states, triggers, outcomes) are labelled in the workflow file, which the pages lay
over these; the codes below belong to no workflow file. A code with no label here reads as
words ("in_progress" -> "In progress"), which is right for most of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

STRANDS: dict[str, str] = {
    "race": "Race",
    "religion": "Religion or belief",
    "sexual_orientation": "Sexual orientation",
    "disability": "Disability",
    "transgender": "Transgender identity",
}
"""The five hate crime strands monitored nationally, by their monitored names, in the order
national returns (and the scrutiny pack's tables) list them."""

ROUTES: dict[str, str] = {
    "high_risk": "High risk on the checklist",
    "professional_judgement": "Professional judgement",
    "escalation": "Potential escalation",
    "repeat": "Repeat",
    "community_trigger": "Community Trigger",
}
"""The routes into the panel, in the order the scrutiny pack's tables list them."""

LABELS: dict[str, str] = {
    # hate crime strands: the five monitored nationally, then the locally monitored ones
    **STRANDS,
    "alternative_subculture": "Alternative subculture",
    **ROUTES,
    # codes that read badly as plain words
    "non_crime_hate_incident": "Non-crime hate incident",
    "childrens_services": "Children's services",
    "third_party_reporting_centre": "Third-party reporting centre",
    "law_enforcement": "Law enforcement (DPA 2018 Part 3)",
    "agency_view": "An agency's view",
    "nchi": "Non-crime hate incident",
}


def humanise(value: Any) -> str:
    """``actions_open`` -> ``Actions open``: a code with no label, as plain words."""
    if value is None:
        return ""
    text = str(value).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def words(value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A stored code as people read it: ``labels`` first (the workflow file's), then the
    labels above, then the code as words. Nothing (None) reads as nothing."""
    if value is None:
        return ""
    code = str(value)
    if labels and code in labels:
        return labels[code]
    return LABELS.get(code) or humanise(code)
