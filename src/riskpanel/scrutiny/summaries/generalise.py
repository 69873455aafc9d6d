"""How a pack's summaries are generalised: k-anonymity over their quasi-identifiers, and the
coordinator's view of each summary generalised exactly as members get (or would get) it.

Strands are the subject of scrutiny (issue 17's Decisions), not a quasi-identifier: they are
shown as recorded and take no part in k-anonymity, which generalises the age band, the sex or
gender, the district and the period only. Every view of a summary (coordinator's, member's,
JSON, PDF) prints the generalised values, never the precise ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.privacy import KAnonResult, QuasiRecord, k_anonymise
from riskpanel.privacy.kanon import DEFAULT_STEPS
from riskpanel.scrutiny.summaries.projections import quasi_month, review_summary_out
from riskpanel.scrutiny.summaries.repository import summaries_of
from riskpanel.scrutiny.summaries.schemas import ReleasedQuasi, ReviewSummaryOut

#: The generalisation ladder over the quasi-identifiers alone (strands are never coarsened).
QUASI_STEPS = tuple(step for step in DEFAULT_STEPS if step[0] != "strands")


def quasi_record(summary: ScrutinySummary) -> QuasiRecord:
    q = summary.attributes["quasi"]
    return QuasiRecord(
        ref=str(summary.id),
        age_band=q["age_band"],
        sex=q["sex"],
        district=q["district"],
        area=q["area"],
        month=quasi_month(summary),
        strands=frozenset(),  # not a quasi-identifier: shown as recorded
    )


def run_kanon(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> KAnonResult:
    """k-anonymity over the summaries still meant for release (per pack, ARCHITECTURE).

    Coarsening goes on until no summary is left in a group smaller than k (no share of the
    pack is given up to withholding early): a summary is worth more to the panel with a wider
    age band or a quarter than not at all, so withholding is the last resort."""
    records = [quasi_record(s) for s in summaries if not s.withheld]
    return k_anonymise(records, k=pack.k, steps=QUASI_STEPS, max_withheld_share=0.0)


def kanon_rules(pack: ScrutinyPack, generalised: Sequence[str], withheld: int) -> list[str]:
    """Which rules made the pack meet k, in order: the draw, the coarsening, withholding."""
    others = pack.k - 1
    rules = list(pack.kanon_report.get("draw_rules", []))
    if generalised:
        rules.append(
            "Coarsened for every summary alike, before any summary was withheld, until each "
            f"shares its age band, sex or gender, district and period with at least {others} "
            f"others: {'; '.join(generalised)}."
        )
    else:
        rules.append(
            f"Nothing coarsened: each summary already shares its age band, sex or gender, "
            f"district and period with at least {others} others."
        )
    if withheld:
        rules.append(
            f"{withheld} summary(ies) withheld: even the coarsest characteristics would "
            "single them out."
        )
    return rules


def released_quasi(summary: ScrutinySummary, result: KAnonResult) -> ReleasedQuasi | None:
    """The summary's characteristics as ``result`` releases them; None when withheld."""
    for r in result.records:
        if r.ref == str(summary.id):
            return ReleasedQuasi(
                age_band=r.age_band,
                sex=r.sex,
                district=r.district,
                period=r.period,
                strands=list(summary.attributes["quasi"]["strands"]),
            )
    return None


def preview(
    pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]
) -> tuple[dict[int, ReleasedQuasi | None], list[str]]:
    """Each summary as it is (released pack) or would be (draft) released, and the steps."""
    if pack.status != "draft":
        return {}, list(pack.kanon_report.get("generalised", []))
    result = run_kanon(pack, summaries)
    return {s.id or 0: released_quasi(s, result) for s in summaries}, list(result.generalised)


def review_outs(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> list[ReviewSummaryOut]:
    """The coordinator's view of every summary of the pack, generalised as released."""
    previews, steps = preview(pack, summaries)
    return [review_summary_out(s, preview=previews.get(s.id or 0), steps=steps) for s in summaries]


def review_out(
    session: Session, pack: ScrutinyPack, summary: ScrutinySummary, **extra: Any
) -> ReviewSummaryOut:
    """One summary's coordinator view; generalising it needs the rest of the pack."""
    previews, steps = preview(pack, summaries_of(session, pack))
    return review_summary_out(summary, preview=previews.get(summary.id or 0), steps=steps, **extra)
