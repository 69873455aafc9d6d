"""The release checks a coordinator watches while reviewing a draft: how many summaries are
still to review, and what k-anonymity would generalise or withhold if the pack were released
now. A released pack answers from its stored report, so the view never changes afterwards.
The generalisation itself lives in :mod:`riskpanel.scrutiny.summaries.generalise`."""

from __future__ import annotations

from collections.abc import Sequence

from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.scrutiny.packs.schemas import KAnonOut, Progress
from riskpanel.scrutiny.summaries.generalise import kanon_rules, run_kanon


def kanon_out(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> KAnonOut:
    if pack.status != "draft":
        report = pack.kanon_report
        return KAnonOut(
            k=pack.k,
            generalised=report.get("generalised", []),
            withheld_labels=report.get("withheld_by_kanon", []),
            notes=report.get("notes", []),
            rules=report.get("rules", []),
        )
    result = run_kanon(pack, summaries)
    by_id = {str(s.id): s.label for s in summaries}
    return KAnonOut(
        k=pack.k,
        generalised=list(result.generalised),
        withheld_labels=[by_id[ref] for ref in result.withheld],
        notes=list(result.notes),
        rules=kanon_rules(pack, result.generalised, len(result.withheld)),
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
