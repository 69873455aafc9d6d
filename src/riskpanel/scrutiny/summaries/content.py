"""The fixed set of anonymised projections a scrutiny summary is built from.

A summary is never a copy of the case: each field below is computed from one structured fact
and generalised on the way (age band not date of birth, month not date, agency type not
agency, days since referral not dates). The only free text is the narrative and the action
descriptions, and those pass through the redactor with the case's own people (with roles,
aliases, addresses, dates of birth, phones, emails), a deny-list of everyone else the panel
holds, and a last pass over the record's other values (crime and case references, incident
places, online handles).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from riskpanel.privacy import KnownPerson, age_band, redact
from riskpanel.privacy.people import detail_patterns
from riskpanel.privacy.spans import KIND_LABELS
from riskpanel.scrutiny import labels
from riskpanel.scrutiny.facts import REQUIREMENTS, CaseFacts, CaseText
from riskpanel.scrutiny.summaries.denylist import DenyList, combine
from riskpanel.scrutiny.summaries.spans import (
    Span,
    from_result,
    reference_pattern,
    replace_pattern,
    split,
)

#: Joins the fields so one redaction run gives one person one label across the summary.
SEPARATOR = "\n\n\u00a7\u00a7\u00a7\n\n"
NARRATIVE = "narrative"
GENDER_MAX = 40
LITERAL_LABELS = {**KIND_LABELS, "reference": "[REFERENCE]"}


def strand_labels(facts: CaseFacts) -> list[str]:
    national = [labels.strand(s) for s in sorted(facts.strands)]
    local = [labels.strand(s, local=True) for s in sorted(facts.local_strands)]
    return national + local or [labels.NOT_RECORDED]


def _age_band(dob: date | None, on: date) -> str | None:
    if dob is None or dob > on:
        return None
    return age_band(dob, on)


def gender(facts: CaseFacts) -> str | None:
    """Sex or gender as the victim gave it: their gender identity when recorded, else the
    sex on the record; never inferred from anything else (issue 17's Decisions). Folded to
    lower case so "Female" and "female" count as one group for k-anonymity."""
    for value in (facts.victim_gender, facts.victim_sex):
        if value and value.strip():
            return " ".join(value.split()).lower()[:GENDER_MAX]
    return None


def _days(facts: CaseFacts, at: datetime | date) -> int:
    if isinstance(at, datetime):
        return max(0, (at - facts.referred_at).days)
    return max(0, (at - facts.referred_at.date()).days)


def timeline(facts: CaseFacts, state_labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each state the case entered and each action agreed and completed, in days since the
    referral (no dates), in order."""
    events: list[dict[str, Any]] = []
    for h in facts.history:
        label = state_labels.get(h.to_state, h.to_state.replace("_", " ").capitalize())
        if events and events[-1]["event"] == label:
            continue
        events.append({"day": _days(facts, h.at), "event": label})
    for a in facts.actions:
        agency = labels.agency_kind(a.agency_kind)
        if a.agreed_at is not None:
            due = f", due on day {_days(facts, a.due_on)}" if a.due_on else ""
            events.append(
                {"day": _days(facts, a.agreed_at), "event": f"{agency} action agreed{due}"}
            )
        if a.completed_at is not None:
            late = a.due_on is not None and a.completed_at.date() > a.due_on
            when = "after its due date" if late else "by its due date"
            events.append(
                {"day": _days(facts, a.completed_at), "event": f"{agency} action completed {when}"}
            )
    events.sort(key=lambda e: e["day"])  # stable: states before actions on the same day
    return events


def agencies(facts: CaseFacts) -> list[str]:
    """The kinds of agency involved: the referrer and every agency given an action."""
    kinds = {a.agency_kind for a in facts.actions}
    if facts.referring_agency_kind:
        kinds.add(facts.referring_agency_kind)
    return sorted(labels.agency_kind(k) for k in kinds)


def project(facts: CaseFacts, *, state_labels: Mapping[str, str], tz: str) -> dict[str, Any]:
    """The structured part of a summary; ``quasi`` holds the values k-anonymity generalises."""
    referred = facts.referred_at.astimezone(ZoneInfo(tz)).date()
    checks = facts.victims_code.checks()
    return {
        "quasi": {
            "age_band": _age_band(facts.victim_dob, referred),
            "sex": gender(facts),
            "district": facts.district,
            "area": facts.area,
            "month": referred.replace(day=1).isoformat(),
            "strands": strand_labels(facts),
        },
        "route": labels.route(facts.route),
        "incident_types": sorted(labels.incident_kind(k) for k in facts.incident_kinds),
        "perceived_by": sorted(labels.perceived_by(p) for p in facts.perceived_by),
        "online": facts.online,
        "agencies": agencies(facts),
        "risk_at_referral": labels.risk_code(facts.risk_at_referral),
        "risk_at_closure": labels.risk_code(facts.risk_at_closure),
        "days_to_closure": facts.days_to_closure,
        "timeline": timeline(facts, state_labels),
        "repeat": facts.repeat,
        "outcome": labels.outcome(facts.outcome),
        "victims_code": [
            {"requirement": REQUIREMENTS[key], "met": met} for key, met in checks.items()
        ],
        "actions": [
            {
                "agency_type": labels.agency_kind(a.agency_kind),
                "outcome": labels.action_outcome(a.outcome),
                "text": "",
            }
            for a in facts.actions
        ],
    }


@dataclass(frozen=True)
class RedactedText:
    narrative: str
    actions: list[str]
    spans: list[Span]  # each with "field": "narrative" or "action:<n>"
    source_sha256: str


def source_fields(text: CaseText) -> list[str]:
    """The texts a summary redacts, in order: the narrative, then each action."""
    return ["\n\n".join(text.paragraphs), *text.action_texts]


def source_digest(fields: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps(list(fields), ensure_ascii=False).encode()).hexdigest()


def field_name(index: int) -> str:
    return NARRATIVE if index == 0 else f"action:{index - 1}"


def _literal_patterns(literals: Sequence[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    out: list[tuple[re.Pattern[str], str]] = []
    for value, kind in literals:
        if kind in ("address", "handle", "phone", "email"):
            holder = KnownPerson(
                name="x",
                addresses=(value,) if kind == "address" else (),
                handles=(value,) if kind == "handle" else (),
                phones=(value,) if kind == "phone" else (),
                emails=(value,) if kind == "email" else (),
            )
            out += [(rx, kind) for rx, _ in detail_patterns(holder)]
        else:
            pattern = reference_pattern(value)
            if pattern is not None:
                out.append((pattern, kind))
    return out


def _redact_one(
    text: str, people: Sequence[KnownPerson], literals: Sequence[tuple[str, str]]
) -> tuple[str, list[Span]]:
    result = redact(text, known_people=people)
    out, spans = result.text, from_result(result)
    for pattern, kind in _literal_patterns(literals):
        out, spans, _ = replace_pattern(
            out,
            spans,
            pattern,
            kind=kind,
            label=LITERAL_LABELS.get(kind, "[REDACTED]"),
            origin="auto",
        )
    return out, spans


def redact_case(text: CaseText, deny: DenyList) -> RedactedText:
    """Redact every field of one case in one run, so labels agree across the summary."""
    fields = source_fields(text)
    combined = SEPARATOR.join(fields)
    people = combine(text.people, deny.for_text(combined, own=text.people, exclude=text.person_ids))
    out, spans = _redact_one(combined, people, text.literals)
    starts, pos = [], 0
    for f in fields:
        starts.append(pos)
        pos += len(f) + len(SEPARATOR)
    parts = split(out, spans, SEPARATOR, starts)
    if parts is None:  # a label swallowed a separator: redact the fields one by one
        parts = [_redact_one(f, people, text.literals) for f in fields]
    tagged = [{**s, "field": field_name(i)} for i, (_, ss) in enumerate(parts) for s in ss]
    return RedactedText(
        narrative=parts[0][0],
        actions=[p[0] for p in parts[1:]],
        spans=tagged,
        source_sha256=source_digest(fields),
    )


def removed_texts(spans: Sequence[Span], fields: Sequence[str]) -> list[str | None]:
    """What each span took out of its field's source (for the coordinator's review only)."""
    out: list[str | None] = []
    for s in spans:
        name = s.get("field", NARRATIVE)
        index = 0 if name == NARRATIVE else int(name.split(":", 1)[1]) + 1
        src = s.get("source")
        if src is None or index >= len(fields):
            out.append(None)
            continue
        out.append(fields[index][src[0] : src[1]])
    return out
