"""The coordinator's review of a draft: see what was removed, remove more, mark reviewed.

A range is removed by offsets into the redacted text the coordinator was shown, so it needs
the summary's ETag (If-Match): offsets taken from a stale copy would cut the wrong words. A
phrase is position-free and is removed wherever it appears in the summary. Every change bumps
the summary's version and is logged as an alteration of the case's scrutiny summary.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlmodel import Session

from riskpanel.kit.concurrency import check_version, expected_version
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Panel, ScrutinyPack, ScrutinySummary, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.access import audit, get_summary, require_draft, require_panel_writer
from riskpanel.scrutiny.repository import load_case
from riskpanel.scrutiny.summaries.content import (
    NARRATIVE,
    field_name,
    removed_texts,
    source_digest,
    source_fields,
)
from riskpanel.scrutiny.summaries.generalise import review_out
from riskpanel.scrutiny.summaries.projections import ETAG_KIND, version
from riskpanel.scrutiny.summaries.schemas import RedactionIn, ReviewSummaryOut
from riskpanel.scrutiny.summaries.spans import (
    MANUAL_LABELS,
    Span,
    phrase_pattern,
    replace_pattern,
    replace_range,
)

SUBJECT = "scrutiny_summary"


def summary_detail(
    *, session: Session, principal: Principal, pack: ScrutinyPack, summary_id: int
) -> ReviewSummaryOut:
    """One summary with, for each span, the text it removed (read from the case now)."""
    summary = get_summary(session, principal, pack, summary_id)
    case = session.get(Case, summary.source_case_id) if summary.source_case_id else None
    removed: list[str | None] | None = None
    changed: bool | None = None
    if case is not None and case.erased_at is None:
        panel = session.get(Panel, pack.panel_id)
        _, text = load_case(session, case, area=panel.area if panel else None)
        fields = source_fields(text)
        changed = source_digest(fields) != summary.attributes.get("review", {}).get("source_sha256")
        removed = None if changed else removed_texts(summary.removed_spans, fields)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        SUBJECT,
        summary.id,
        case_id=summary.source_case_id,
        fields=["narrative", "removed_spans"],
        detail={"pack_id": pack.id},
    )
    return review_out(session, pack, summary, removed=removed, source_changed=changed)


def _check_etag(summary: ScrutinySummary, if_match: str | None, *, required: bool) -> None:
    if if_match is None and not required:
        return
    expected = expected_version(if_match, kind=ETAG_KIND, object_id=summary.id)
    check_version(kind=ETAG_KIND, object_id=summary.id, current=version(summary), expected=expected)


def _fields(summary: ScrutinySummary) -> list[tuple[str, list[Span]]]:
    texts = [summary.narrative, *(a["text"] for a in summary.attributes["actions"])]
    return [
        (text, [s for s in summary.removed_spans if s.get("field", NARRATIVE) == field_name(i)])
        for i, text in enumerate(texts)
    ]


def _store(summary: ScrutinySummary, fields: list[tuple[str, list[Span]]], **review: Any) -> None:
    attributes = copy.deepcopy(summary.attributes)
    for action, (text, _) in zip(attributes["actions"], fields[1:], strict=True):
        action["text"] = text
    attributes["review"] = {**attributes.get("review", {}), **review}
    attributes["review"]["version"] = version(summary) + 1
    summary.narrative = fields[0][0]
    summary.removed_spans = [s for _, spans in fields for s in spans]
    summary.attributes = attributes


def _field_index(name: str, count: int) -> int:
    index = 0 if name == NARRATIVE else int(name.split(":", 1)[1]) + 1
    if index >= count:
        raise InvalidInput.field("field", "this summary has no such action")
    return index


def _remove_range(
    fields: list[tuple[str, list[Span]]], data: RedactionIn, label: str, extra: dict[str, Any]
) -> None:
    assert data.start is not None and data.end is not None
    index = _field_index(data.field, len(fields))
    text, spans = fields[index]
    if data.end > len(text):
        raise InvalidInput.field("end", "is beyond the end of the text")
    fields[index] = replace_range(
        text,
        spans,
        data.start,
        data.end,
        kind=data.kind,
        label=label,
        origin="manual",
        extra={**extra, "field": field_name(index)},
    )


def _remove_phrase(
    fields: list[tuple[str, list[Span]]], data: RedactionIn, label: str, extra: dict[str, Any]
) -> None:
    pattern, found = phrase_pattern(data.phrase or ""), 0
    for index, (text, spans) in enumerate(fields):
        new_text, new_spans, count = replace_pattern(
            text,
            spans,
            pattern,
            kind=data.kind,
            label=label,
            origin="manual",
            extra={**extra, "field": field_name(index)},
        )
        fields[index] = (new_text, new_spans)
        found += count
    if not found:
        raise InvalidInput.field("phrase", "does not appear in this summary's text")


def _editable(
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    summary_id: int,
    *,
    if_match: str | None,
    etag_required: bool,
) -> ScrutinySummary:
    """The summary, locked, once the caller may change it: the coordinator, a draft pack,
    and (when given, or required for offsets) the version the caller saw."""
    require_panel_writer(principal)
    require_draft(pack)
    summary = get_summary(session, principal, pack, summary_id, for_update=True)
    _check_etag(summary, if_match, required=etag_required)
    return summary


def _log_change(
    session: Session,
    principal: Principal,
    summary: ScrutinySummary,
    fields: list[str],
    detail: dict[str, Any],
) -> None:
    """Every change is an alteration of the case's scrutiny summary in the access log."""
    session.add(summary)
    audit(
        session,
        principal,
        AuditAction.ALTERATION,
        SUBJECT,
        summary.id,
        case_id=summary.source_case_id,
        fields=fields,
        detail=detail,
    )


def add_redaction(
    *,
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    summary_id: int,
    data: RedactionIn,
    if_match: str | None,
) -> ScrutinySummary:
    """Remove a range (needs the ETag) or every occurrence of a phrase, in a draft only."""
    summary = _editable(
        session, principal, pack, summary_id, if_match=if_match, etag_required=data.phrase is None
    )
    fields = _fields(summary)
    extra = {"by_user_id": principal.user_id, "at": utcnow().isoformat()}
    remove = _remove_range if data.phrase is None else _remove_phrase
    remove(fields, data, MANUAL_LABELS[data.kind], extra)
    _store(summary, fields)
    by = "phrase" if data.phrase else "range"
    _log_change(
        session, principal, summary, ["narrative", "removed_spans"], {"pack_id": pack.id, "by": by}
    )
    return summary


def set_reviewed(
    *,
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    summary_id: int,
    reviewed: bool,
    if_match: str | None,
) -> ScrutinySummary:
    by = {"reviewed_by_user_id": principal.user_id, "reviewed_at": utcnow().isoformat()}
    return _decide(session, principal, pack, summary_id, if_match, ("reviewed", reviewed), by)


def set_withheld(
    *,
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    summary_id: int,
    withheld: bool,
    reason: str | None,
    if_match: str | None,
) -> ScrutinySummary:
    by = {
        "withheld_reason": reason if withheld else None,
        "withheld_by_user_id": principal.user_id if withheld else None,
    }
    return _decide(session, principal, pack, summary_id, if_match, ("withheld", withheld), by)


def _decide(
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    summary_id: int,
    if_match: str | None,
    decision: tuple[str, bool],
    stored: dict[str, Any],
) -> ScrutinySummary:
    """Mark a summary reviewed or withheld (or undo it): the flag on the row, who (and why)
    in its stored fields, and the change in the access log. The ETag is checked if sent."""
    flag, value = decision
    summary = _editable(
        session, principal, pack, summary_id, if_match=if_match, etag_required=False
    )
    setattr(summary, flag, value)
    _store(summary, _fields(summary), **stored)
    _log_change(session, principal, summary, [flag], {flag: value})
    return summary
