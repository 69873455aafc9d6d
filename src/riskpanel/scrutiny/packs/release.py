"""Releasing a pack: k-anonymity, statistics, a content hash, and the disclosure record.

Release is the only way out of a draft, and it happens once. Summaries that k-anonymity
cannot protect are withheld (never sent), the generalised characteristics are stored next to
the precise ones, the statistics of every case concluded in the period are computed and
stored, and the SHA-256 of the released content is kept so any later change is detectable.
From then on every change answers 409.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from riskpanel.documents import ScrutinyPackDocument
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict
from riskpanel.kit.principal import Principal
from riskpanel.kit.schemas import row_fields
from riskpanel.models import Panel, ScrutinyPack, ScrutinySummary, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.access import (
    RELEASED,
    audit,
    get_pack,
    recipient_label,
    require_draft,
    require_panel,
    require_panel_writer,
)
from riskpanel.scrutiny.feedback.assessments.service import pack_figures
from riskpanel.scrutiny.packs.kanon import kanon_out, progress
from riskpanel.scrutiny.packs.pdf import pack_document
from riskpanel.scrutiny.packs.projections import PROJECTION, content_digest, released_pack_out
from riskpanel.scrutiny.packs.schemas import PackDetailOut, ReleasedPackOut
from riskpanel.scrutiny.statistics.projections import statistics_out
from riskpanel.scrutiny.statistics.service import period_statistics
from riskpanel.scrutiny.summaries.generalise import (
    kanon_rules,
    released_quasi,
    review_outs,
    run_kanon,
)
from riskpanel.scrutiny.summaries.repository import summaries_of

KANON_REASON = "k-anonymity: the case could be singled out by its characteristics"


def _check_ready(summaries: Sequence[ScrutinySummary]) -> None:
    waiting = [s.label for s in summaries if not (s.reviewed or s.withheld)]
    if waiting:
        raise Conflict(
            f"{len(waiting)} summary(ies) still need review or withholding before release.",
            extra={"not_reviewed": waiting},
        )


def _apply_kanon(pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]) -> dict[str, Any]:
    result = run_kanon(pack, summaries)
    by_kanon: list[str] = []
    for s in summaries:
        attributes = copy.deepcopy(s.attributes)
        released = None if s.withheld else released_quasi(s, result)
        if released is not None:
            attributes["released"] = released.model_dump(mode="json")
        elif not s.withheld:
            s.withheld = True
            attributes["review"] = {**attributes.get("review", {}), "withheld_reason": KANON_REASON}
            by_kanon.append(s.label)
        s.attributes = attributes
    return {
        "generalised": list(result.generalised),
        "notes": list(result.notes),
        "rules": kanon_rules(pack, result.generalised, len(by_kanon)),
        "withheld_by_kanon": by_kanon,
        "released": len(result.records),
    }


def _log_release(
    session: Session, principal: Principal, pack: ScrutinyPack, summaries: Sequence[ScrutinySummary]
) -> None:
    """One disclosure for the pack, and one per case so each case's own trail shows it."""
    sent = [s for s in summaries if not s.withheld]
    _disclose_pack(
        session,
        principal,
        pack.id,
        pack.recipients,
        {
            "sha256": pack.content_sha256,
            "summaries": len(sent),
            "withheld": len(summaries) - len(sent),
        },
    )
    for s in sent:
        audit(
            session,
            principal,
            AuditAction.DISCLOSURE,
            "scrutiny_summary",
            s.id,
            case_id=s.source_case_id,
            recipients=pack.recipients,
            detail={"pack_id": pack.id, "form": "anonymised summary"},
        )


def release_pack(
    *, session: Session, caller: Caller, pack: ScrutinyPack, recipients: list[str]
) -> ScrutinyPack:
    """Release a fully reviewed draft to ``recipients``; logged as a disclosure."""
    principal = caller.principal
    require_panel_writer(principal)
    require_draft(pack)
    summaries = summaries_of(session, pack)
    _check_ready(summaries)
    report = _apply_kanon(pack, summaries)
    panel = require_panel(session, principal)
    pack.statistics = period_statistics(
        session,
        panel=panel,
        start=pack.period_start,
        end=pack.period_end,
        tz=caller.settings.timezone,
    )
    pack.kanon_report = {**pack.kanon_report, **report, "k": pack.k, "projection": PROJECTION}
    pack.status = RELEASED
    pack.released_at = utcnow()
    pack.released_by_user_id = principal.user_id
    pack.recipients = sorted(set(recipients))
    pack.content_sha256 = content_digest(pack, summaries)
    session.add_all([pack, *summaries])
    _log_release(session, principal, pack, summaries)
    session.flush()
    return pack


def pack_detail(*, session: Session, principal: Principal, pack: ScrutinyPack) -> PackDetailOut:
    """The coordinator's view: every summary with its spans; reading it is a consultation."""
    summaries = summaries_of(session, pack)
    for s in summaries:
        audit(
            session,
            principal,
            AuditAction.CONSULTATION,
            "scrutiny_summary",
            s.id,
            case_id=s.source_case_id,
            fields=["narrative", "removed_spans"],
            detail={"pack_id": pack.id},
        )
    released = pack.status == RELEASED
    derived = {
        "population": int(pack.kanon_report.get("population", 0)),
        "content_intact": content_digest(pack, summaries) == pack.content_sha256
        if released
        else None,
        "progress": progress(summaries),
        "kanon": kanon_out(pack, summaries),
        "statistics": statistics_out(pack.statistics, pack.id) if released else None,
        "summaries": review_outs(pack, summaries),
    }
    return PackDetailOut.model_validate(row_fields(pack) | derived)


def released_view(
    *, session: Session, principal: Principal, pack: ScrutinyPack, purpose: str = "json"
) -> ReleasedPackOut:
    """What a scrutiny member receives; each read is a disclosure to that member. The
    members' assessments are counted as they stand now (outside the release's digest)."""
    out = released_pack_out(pack, summaries_of(session, pack))
    out.assessments = pack_figures(
        session=session, principal=principal, pack_id=pack.id or 0, pack=pack
    )
    _disclose_pack(
        session,
        principal,
        pack.id,
        [recipient_label(principal)],
        {"format": purpose, "sha256": pack.content_sha256},
    )
    return out


def released_document(
    *, session: Session, principal: Principal, pack_id: int
) -> ScrutinyPackDocument:
    """The released pack as the PDF's view model (from the released view only); a draft has
    no PDF (409)."""
    pack = get_pack(session, principal, pack_id)
    if pack.status != RELEASED:
        raise Conflict("Only a released pack has a PDF.")
    panel = session.get(Panel, pack.panel_id)
    out = released_pack_out(pack, summaries_of(session, pack))
    out.assessments = pack_figures(
        session=session, principal=principal, pack_id=pack.id or 0, pack=pack
    )
    return pack_document(out, panel_name=panel.name if panel else "Panel")


def log_pdf(
    *,
    session: Session,
    principal: Principal,
    pack_id: int,
    recipients: list[str],
    detail: dict[str, Any],
) -> None:
    """A PDF that leaves riskpanel is a disclosure to whoever it is for."""
    _disclose_pack(session, principal, pack_id, recipients, {"format": "pdf", **detail})


def _disclose_pack(
    session: Session,
    principal: Principal,
    pack_id: int | None,
    recipients: list[str],
    detail: dict[str, Any],
) -> None:
    audit(
        session,
        principal,
        AuditAction.DISCLOSURE,
        "scrutiny_pack",
        pack_id,
        recipients=recipients,
        detail=detail,
    )
