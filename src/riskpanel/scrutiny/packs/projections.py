"""A released pack as scrutiny members receive it, and the digest of that content.

Its canonical JSON is what the release's SHA-256 covers, so the digest is computed from the
very projection a member is sent, never from the stored rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from riskpanel.kit.schemas import row_fields
from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.scrutiny.packs.schemas import ReleasedPackOut
from riskpanel.scrutiny.statistics.projections import statistics_out
from riskpanel.scrutiny.summaries.projections import released_summary_out


def released_pack_out(
    pack: ScrutinyPack, summaries: Sequence[ScrutinySummary], *, with_digest: bool = True
) -> ReleasedPackOut:
    report = pack.kanon_report
    assert pack.released_at is not None
    derived = {
        "generalised": list(report.get("generalised", [])),
        "notes": list(report.get("notes", [])),
        "rules": list(report.get("rules", [])),
        "content_sha256": pack.content_sha256 if with_digest else None,
        "summaries": [
            released_summary_out(s, report.get("generalised", []))
            for s in summaries
            if not s.withheld
        ],
        "statistics": statistics_out(pack.statistics, pack.id),
    }
    return ReleasedPackOut.model_validate(row_fields(pack) | derived)


#: The projection a release's digest covers; packs released before version 2 (issue 17)
#: are digested without the fields it added, so their fingerprint still checks.
PROJECTION = 2
ADDED_IN_2 = {
    "rules": True,
    "summaries": {
        "__all__": {"incident_types", "perceived_by", "online", "agencies", "generalised", "shown"}
    },
}


def content_digest(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> str:
    """SHA-256 of the canonical JSON of everything a scrutiny member is given."""
    exclude: dict[str, Any] = {"content_sha256": True, "assessments": True}
    if pack.kanon_report.get("projection", 1) < PROJECTION:
        exclude |= ADDED_IN_2
    body = released_pack_out(pack, summaries, with_digest=False).model_dump(
        mode="json", exclude=exclude
    )
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
