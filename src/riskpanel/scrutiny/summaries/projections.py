"""Stored summaries shaped for each reader: the coordinator's review view and the released
view scrutiny members get.

The released view is built by naming each field it shows, never by copying the stored
attributes, so a value added to the stored summary later cannot reach a scrutiny member by
accident. Its canonical JSON is what the release's SHA-256 covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from riskpanel.kit.concurrency import etag
from riskpanel.models import ScrutinySummary
from riskpanel.privacy.kanon import WITHHELD
from riskpanel.scrutiny.labels import NOT_RECORDED
from riskpanel.scrutiny.summaries.schemas import (
    CaseFields,
    QuasiOut,
    ReleasedQuasi,
    ReleasedSummaryOut,
    ReviewSummaryOut,
    ShownFact,
    SpanOut,
)

ETAG_KIND = "scrutiny-summary"
#: Generalised for every summary before k-anonymity coarsens anything further.
BASELINE = (
    "date of birth shown as a 10-year age band at referral",
    "address shown as its district",
    "dates shown as the month of referral, and events as days since the referral",
    "sex or gender as the victim gave it, never inferred",
)
SINGLED_OUT = "Withheld: could be singled out"


def version(summary: ScrutinySummary) -> int:
    return int(summary.attributes.get("review", {}).get("version", 1))


def summary_etag(summary: ScrutinySummary) -> str:
    return etag(ETAG_KIND, summary.id, version(summary))


def _case_fields(summary: ScrutinySummary) -> dict[str, Any]:
    a = summary.attributes
    return CaseFields(
        route=a["route"],
        incident_types=a.get("incident_types", []),
        perceived_by=a.get("perceived_by", []),
        online=a.get("online"),
        agencies=a.get("agencies", []),
        risk_at_referral=a["risk_at_referral"],
        risk_at_closure=a["risk_at_closure"],
        days_to_closure=a["days_to_closure"],
        timeline=a["timeline"],
        repeat=a["repeat"],
        outcome=a["outcome"],
        actions=[
            {"agency_type": x["agency_type"], "outcome": x["outcome"], "text": x["text"]}
            for x in a["actions"]
        ],
        victims_code=[
            {"requirement": c["requirement"], "met": c["met"]} for c in a["victims_code"]
        ],
        narrative=summary.narrative,
    ).model_dump()


def _quasi_value(value: str | None) -> str:
    if value in (None, "", "unknown"):
        return NOT_RECORDED
    if value == WITHHELD:
        return "Withheld to protect identity"
    return value[:1].upper() + value[1:]


def _listed(values: Sequence[str]) -> str:
    return ", ".join(values) if values else NOT_RECORDED


def _risk(value: str | None) -> str:
    return value.capitalize() if value else NOT_RECORDED


def generalised_of(steps: Sequence[str]) -> list[str]:
    """Exactly what was generalised: what every summary gets, then the pack's own steps."""
    return [*BASELINE, *steps]


def shown_facts(
    case: dict[str, Any], released: ReleasedQuasi | None, strands: Sequence[str]
) -> list[ShownFact]:
    """The summary line by line, as the web page, the JSON and the PDF all print it.

    The subject of scrutiny (strands, incident type, perception, online, route, agencies)
    is shown as recorded; the quasi-identifiers only in their released, generalised form."""
    online = case.get("online")
    q = released
    rows = [
        ("Strands", _listed(list(strands))),
        ("Crime or non-crime incident", _listed(case["incident_types"])),
        ("Hostility perceived by", _listed(case["perceived_by"])),
        ("Online", NOT_RECORDED if online is None else ("Yes" if online else "No")),
        ("Route into the panel", case["route"]),
        ("Agencies involved", _listed(case["agencies"])),
        ("Age band", _quasi_value(q.age_band) if q else SINGLED_OUT),
        ("Sex or gender (as the victim gave it)", _quasi_value(q.sex) if q else SINGLED_OUT),
        ("District or area", _quasi_value(q.district) if q else SINGLED_OUT),
        ("Referred in", _quasi_value(q.period) if q else SINGLED_OUT),
        ("Risk at referral", _risk(case["risk_at_referral"])),
        ("Risk at closure", _risk(case["risk_at_closure"])),
        ("Days from referral to closure", str(case["days_to_closure"])),
        ("Repeat victim", "Yes" if case["repeat"] else "No"),
        ("Outcome", case["outcome"]),
    ]
    return [ShownFact(label=k, value=v) for k, v in rows]


def review_summary_out(
    summary: ScrutinySummary,
    *,
    removed: Sequence[str | None] | None = None,
    source_changed: bool | None = None,
    preview: ReleasedQuasi | None = None,
    steps: Sequence[str] = (),
) -> ReviewSummaryOut:
    """The coordinator's view; its ``shown`` lines are generalised as members get them (a
    draft's from ``preview``, what k-anonymity would release now)."""
    a = summary.attributes
    review = a.get("review", {})
    spans = [
        SpanOut(
            field=s.get("field", "narrative"),
            start=s["start"],
            end=s["end"],
            kind=s["kind"],
            label=s["label"],
            origin=s["origin"],
            removed=removed[i] if removed is not None else None,
        )
        for i, s in enumerate(summary.removed_spans)
    ]
    stored = a.get("released")
    released = ReleasedQuasi(**stored) if stored else preview
    fields = _case_fields(summary)
    strands = released.strands if released else a["quasi"]["strands"]
    return ReviewSummaryOut(
        **fields,
        id=summary.id or 0,
        label=summary.label,
        pseudonym=summary.pseudonym,
        etag=summary_etag(summary),
        source_case_id=summary.source_case_id,
        reviewed=summary.reviewed,
        withheld=summary.withheld,
        withheld_reason=review.get("withheld_reason"),
        quasi=QuasiOut(**a["quasi"]),
        released=released,
        spans=spans,
        generalised=generalised_of(steps),
        shown=shown_facts(fields, released, strands),
        source_changed=source_changed,
    )


def released_summary_out(summary: ScrutinySummary, steps: Sequence[str] = ()) -> ReleasedSummaryOut:
    r = summary.attributes["released"]
    fields = _case_fields(summary)
    return ReleasedSummaryOut(
        **fields,
        id=summary.id or 0,
        label=summary.label,
        pseudonym=summary.pseudonym,
        age_band=r["age_band"],
        sex=r["sex"],
        district=r["district"],
        period=r["period"],
        strands=list(r["strands"]),
        generalised=generalised_of(steps),
        shown=shown_facts(fields, ReleasedQuasi(**r), r["strands"]),
    )


def quasi_month(summary: ScrutinySummary) -> date:
    return date.fromisoformat(summary.attributes["quasi"]["month"])
