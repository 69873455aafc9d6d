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
from riskpanel.scrutiny.summaries.schemas import (
    CaseFields,
    QuasiOut,
    ReleasedQuasi,
    ReleasedSummaryOut,
    ReviewSummaryOut,
    SpanOut,
)

ETAG_KIND = "scrutiny-summary"


def version(summary: ScrutinySummary) -> int:
    return int(summary.attributes.get("review", {}).get("version", 1))


def summary_etag(summary: ScrutinySummary) -> str:
    return etag(ETAG_KIND, summary.id, version(summary))


def _case_fields(summary: ScrutinySummary) -> dict[str, Any]:
    a = summary.attributes
    return CaseFields(
        route=a["route"],
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


def review_summary_out(
    summary: ScrutinySummary,
    *,
    removed: Sequence[str | None] | None = None,
    source_changed: bool | None = None,
) -> ReviewSummaryOut:
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
    released = a.get("released")
    return ReviewSummaryOut(
        **_case_fields(summary),
        id=summary.id or 0,
        label=summary.label,
        pseudonym=summary.pseudonym,
        etag=summary_etag(summary),
        source_case_id=summary.source_case_id,
        reviewed=summary.reviewed,
        withheld=summary.withheld,
        withheld_reason=review.get("withheld_reason"),
        quasi=QuasiOut(**a["quasi"]),
        released=ReleasedQuasi(**released) if released else None,
        spans=spans,
        source_changed=source_changed,
    )


def released_summary_out(summary: ScrutinySummary) -> ReleasedSummaryOut:
    r = summary.attributes["released"]
    return ReleasedSummaryOut(
        **_case_fields(summary),
        id=summary.id or 0,
        label=summary.label,
        pseudonym=summary.pseudonym,
        age_band=r["age_band"],
        sex=r["sex"],
        district=r["district"],
        period=r["period"],
        strands=list(r["strands"]),
    )


def quasi_month(summary: ScrutinySummary) -> date:
    return date.fromisoformat(summary.attributes["quasi"]["month"])
