"""The release checks a coordinator watches while reviewing a draft: how many summaries are
still to review, and what k-anonymity would generalise or withhold if the pack were released
now. A released pack answers from its stored report, so the view never changes afterwards."""

from __future__ import annotations

from collections.abc import Sequence

from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.privacy import KAnonResult, QuasiRecord, k_anonymise
from riskpanel.scrutiny.packs.schemas import KAnonOut, Progress
from riskpanel.scrutiny.summaries.projections import quasi_month


def quasi_record(summary: ScrutinySummary) -> QuasiRecord:
    q = summary.attributes["quasi"]
    return QuasiRecord(
        ref=str(summary.id),
        age_band=q["age_band"],
        sex=q["sex"],
        district=q["district"],
        area=q["area"],
        month=quasi_month(summary),
        strands=frozenset(q["strands"]),
    )


def run_kanon(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> KAnonResult:
    """k-anonymity over the summaries still meant for release (per pack, ARCHITECTURE)."""
    return k_anonymise([quasi_record(s) for s in summaries if not s.withheld], k=pack.k)


def kanon_out(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> KAnonOut:
    if pack.status != "draft":
        report = pack.kanon_report
        return KAnonOut(
            k=pack.k,
            generalised=report.get("generalised", []),
            withheld_labels=report.get("withheld_by_kanon", []),
            notes=report.get("notes", []),
        )
    result = run_kanon(pack, summaries)
    by_id = {str(s.id): s.label for s in summaries}
    return KAnonOut(
        k=pack.k,
        generalised=list(result.generalised),
        withheld_labels=[by_id[ref] for ref in result.withheld],
        notes=list(result.notes),
    )


def progress(summaries: Sequence[ScrutinySummary]) -> Progress:
    reviewed = sum(1 for s in summaries if s.reviewed and not s.withheld)
    withheld = sum(1 for s in summaries if s.withheld)
    return Progress(
        total=len(summaries),
        reviewed=reviewed,
        withheld=withheld,
        to_review=len(summaries) - reviewed - withheld,
    )
