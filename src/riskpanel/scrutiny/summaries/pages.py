"""One summary of a draft scrutiny pack under review: the text a member would read with
every removal highlighted, what each removal took out, and the coordinator's three
decisions: remove more text, withhold the summary, or mark it reviewed.

More text is removed by phrase (every occurrence, in the narrative and the actions), which
needs no script and no offsets. The review and withhold forms carry the summary's ETag, so a
decision made on a stale copy is refused rather than applied to text the coordinator has not
seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.kit.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    PreconditionFailed,
    RiskPanelError,
)
from riskpanel.kit.principal import Principal
from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.scrutiny import access
from riskpanel.scrutiny.access import PackWriter
from riskpanel.scrutiny.forms import Shown, form_page
from riskpanel.scrutiny.summaries import service as summaries
from riskpanel.scrutiny.summaries.highlight import KIND_WORDS, summary_pieces
from riskpanel.scrutiny.summaries.repository import summaries_of
from riskpanel.scrutiny.summaries.schemas import RedactionIn, WithholdIn
from riskpanel.scrutiny.summaries.spans import MANUAL_LABELS
from riskpanel.web.common import DbSession, Form, PanelUser, see_other, web_router
from riskpanel.web.forms import FormErrors, FormValues, invalid_from

router = web_router()
BASE = "/scrutiny/review/packs/{pack_id}/summaries/{summary_id}"
KINDS = [
    (kind, f"{(KIND_WORDS.get(kind) or 'other text').capitalize()}, shown as {label}")
    for kind, label in MANUAL_LABELS.items()
]
REASON_NEEDED = "Enter why this summary is withheld"
LABELS = {"phrase": "Words to remove", "kind": "What the words are", "reason": "Reason"}


def _path(pack_id: int, summary_id: int) -> str:
    return f"/scrutiny/review/packs/{pack_id}/summaries/{summary_id}"


def _neighbours(
    summaries: list[ScrutinySummary], summary_id: int
) -> tuple[ScrutinySummary | None, ScrutinySummary | None]:
    ids = [s.id for s in summaries]
    at = ids.index(summary_id) if summary_id in ids else -1
    before = summaries[at - 1] if at > 0 else None
    after = summaries[at + 1] if 0 <= at < len(summaries) - 1 else None
    return before, after


def _summary_page(
    request: Request,
    session: Session,
    principal: Principal,
    pack_id: int,
    summary_id: int,
    shown: Shown | None = None,
) -> Response:
    pack = access.get_pack(session, principal, pack_id)
    detail = summaries.summary_detail(
        session=session, principal=principal, pack=pack, summary_id=summary_id
    )
    before, after = _neighbours(summaries_of(session, pack), summary_id)
    session.commit()
    return form_page(
        request,
        principal,
        "scrutiny_review_summary.html",
        shown or Shown(),
        title=f"{detail.label}: {pack.title}",
        pack=pack,
        s=detail,
        texts=summary_pieces(detail),
        before=before,
        after=after,
        kinds=KINDS,
    )


@router.get(BASE)
def summary_page(
    pack_id: int, summary_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    return _summary_page(request, session, principal, pack_id, summary_id)


def _refused(
    request: Request,
    session: Session,
    principal: Principal,
    ids: tuple[int, int],
    exc: RiskPanelError,
    values: FormValues,
    fallback: str,
) -> Response:
    """The page again with the error summary; a stale copy is told to look again."""
    if exc.status == 404:
        raise exc
    session.rollback()
    if isinstance(exc, PreconditionFailed | Conflict):
        stale = "Someone else changed this summary. Check it and try again"
        errors = FormErrors([("", stale if isinstance(exc, PreconditionFailed) else exc.detail)])
        errors.fallback_anchor = "summary-text"
    else:
        errors = FormErrors.of(exc, labels=LABELS, fallback=fallback)
    return _summary_page(request, session, principal, *ids, Shown(values, errors, exc.status))


@dataclass(frozen=True)
class Posted:
    """What every form on this page brings: the caller, the summary's place and the answers."""

    request: Request
    session: Session
    principal: Principal
    ids: tuple[int, int]
    values: FormValues

    def target(self, pack: ScrutinyPack) -> dict[str, Any]:
        """The service's keywords naming the summary and who changes it."""
        return {
            "session": self.session,
            "principal": self.principal,
            "pack": pack,
            "summary_id": self.ids[1],
        }


def _posted(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: PackWriter,
) -> Posted:
    return Posted(request, session, principal, (pack_id, summary_id), FormValues.of(form))


PostedForm = Annotated[Posted, Depends(_posted)]


def _change(posted: Posted, fallback: str, apply: Callable[[ScrutinyPack], Response]) -> Response:
    """Every form on this page: read the form, change the summary, commit, redirect; a
    refusal shows the page again with the error summary and nothing written."""
    request, session, principal, ids = posted.request, posted.session, posted.principal, posted.ids
    try:
        pack = access.get_pack(session, principal, ids[0], for_update=True)
        answer = apply(pack)
    except RiskPanelError as exc:
        return _refused(request, session, principal, ids, exc, posted.values, fallback)
    session.commit()
    return answer


def redaction_request(values: FormValues) -> RedactionIn:
    phrase = values.get("phrase").strip()
    if not phrase:
        raise InvalidInput.field("phrase", "Enter the words to remove")
    try:
        return RedactionIn.model_validate({"phrase": phrase, "kind": values.get("kind") or "other"})
    except ValidationError as exc:
        raise invalid_from(exc) from exc


@router.post(BASE + "/redactions")
def remove_text(posted: PostedForm) -> Response:
    def apply(pack: ScrutinyPack) -> Response:
        data = redaction_request(posted.values)
        summaries.add_redaction(**posted.target(pack), data=data, if_match=None)
        return see_other(_path(*posted.ids), "redacted", "#summary-text")

    return _change(posted, "phrase", apply)


def withhold_request(values: FormValues) -> WithholdIn:
    """The form's answer through the API's own schema, so the web cannot accept (or quietly
    shorten) what the API refuses. The schema's one rule about the whole body, that withholding
    needs a reason, is shown at the reason box in the words GOV.UK forms use."""
    withheld = values.get("withheld") != "no"
    try:
        return WithholdIn(withheld=withheld, reason=values.text("reason") if withheld else None)
    except ValidationError as exc:
        problem = invalid_from(exc)
        errors = [
            FieldError("reason", e.message if e.field == "reason" else REASON_NEEDED)
            for e in problem.errors
        ]
        raise InvalidInput(problem.detail, errors=errors) from exc


@router.post(BASE + "/withhold")
def withhold(posted: PostedForm) -> Response:
    if_match = posted.values.text("if_match")

    def apply(pack: ScrutinyPack) -> Response:
        data = withhold_request(posted.values)
        summaries.set_withheld(
            **posted.target(pack), withheld=data.withheld, reason=data.reason, if_match=if_match
        )
        return see_other(_path(*posted.ids), "withheld" if data.withheld else "restored")

    return _change(posted, "reason", apply)


@router.post(BASE + "/reviewed")
def mark_reviewed(posted: PostedForm) -> Response:
    pack_id, summary_id = posted.ids
    reviewed = posted.values.get("reviewed") != "no"
    if_match = posted.values.text("if_match")

    def apply(pack: ScrutinyPack) -> Response:
        summaries.set_reviewed(**posted.target(pack), reviewed=reviewed, if_match=if_match)
        waiting = [s for s in summaries_of(posted.session, pack) if not (s.reviewed or s.withheld)]
        if reviewed and waiting:
            return see_other(_path(pack_id, waiting[0].id or 0), "reviewed")
        if reviewed:
            return see_other(f"/scrutiny/review/packs/{pack_id}", "all-reviewed", "#release")
        return see_other(_path(pack_id, summary_id), "unreviewed")

    return _change(posted, "review", apply)
