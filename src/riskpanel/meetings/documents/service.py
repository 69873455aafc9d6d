"""Producing a meeting document is a disclosure: decide who may have it, build its view, and
log it (DPA 2018 s.62) with its recipients and the SHA-256 of the exact bytes handed over.

Split in two steps around the rendering, so the web path can render in the process pool
between them without holding the database: :func:`prepare` (authorise and build the view)
and :func:`record_disclosure` (write the audit event in the caller's transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session

from riskpanel.access.membership import sharing_agreement_in_force
from riskpanel.config import Settings
from riskpanel.documents.cache import CachedPdf
from riskpanel.documents.render import DocumentKind
from riskpanel.documents.views import View
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.meetings import repository as repo
from riskpanel.meetings.documents import projections as documents
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.service import audit, visible_meeting
from riskpanel.meetings.thresholds import rules_for
from riskpanel.models import Agency, Meeting, Minutes, utcnow
from riskpanel.models.enums import AuditAction

Requested = Literal["agenda", "minutes", "extract"]
PURPOSES = {
    "agenda": "meeting_preparation",
    "minutes": "meeting_record",
    "agency_extract": "action_tracking",
}


@dataclass(frozen=True)
class Prepared:
    kind: DocumentKind
    view: View
    meeting_id: int
    recipients: tuple[str, ...]
    case_ids: tuple[int, ...]
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"meeting-{self.meeting_id}-{self.kind.replace('_', '-')}.pdf"


def _in_force(agency: Agency | None) -> bool:
    return agency is not None and sharing_agreement_in_force(agency, on=utcnow().date())


def _distribution(
    session: Session, principal: Principal | None, meeting: Meeting
) -> tuple[str, ...]:
    """An agency downloads for itself; panel roles (and the operator's command line) download
    for the invited agencies whose sharing agreement is in force."""
    if principal is not None and principal.is_agency:
        return (f"agency:{principal.agency_id}",)
    invited = repo.agencies_by_id(session, repo.invited_agency_ids(session, meeting.id or 0))
    return tuple(f"agency:{i}" for i, a in sorted(invited.items()) if _in_force(a))


def _minutes_for(session: Session, principal: Principal, meeting_id: int) -> Minutes:
    """Panel roles get the latest version (DRAFT shows); agencies only the latest approved."""
    versions = minutes_repo.minutes_versions(session, meeting_id)
    if principal.is_agency:
        versions = [m for m in versions if m.status == "approved"]
    if not versions:
        raise NotFound("No approved minutes for this meeting yet.")
    return versions[-1]


def _extract_agency(session: Session, principal: Principal | None, agency_id: int | None) -> Agency:
    if agency_id is None:
        raise NotFound("Say which agency's extract.")
    if principal is not None and principal.is_agency and principal.agency_id != agency_id:
        raise NotFound()
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound()
    if not _in_force(agency):
        raise Conflict("The agency has no information-sharing agreement in force.")
    return agency


def prepare(
    *,
    session: Session,
    principal: Principal | None,
    meeting_id: int,
    document: Requested,
    settings: Settings,
    agency_id: int | None = None,
) -> Prepared:
    """Authorise (principal None = the operator's command line) and build the view."""
    if principal is None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("No such meeting.")
    else:
        meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    rules = rules_for(session, meeting, settings)
    if document == "extract":
        agency = _extract_agency(session, principal, agency_id)
        own = {
            a.case_id
            for a in repo.actions_agreed_at(session, meeting_id)
            if a.agency_id == agency.id
        }
        return Prepared(
            "agency_extract",
            documents.extract_document(session, meeting, rules, agency),
            meeting_id,
            (f"agency:{agency.id}",),
            tuple(sorted(own)),
            {"agency_id": agency.id},
        )
    recipients = _distribution(session, principal, meeting)
    cases = tuple(sorted({i.case_id for i in repo.agenda_items(session, meeting_id) if i.case_id}))
    if document == "agenda":
        agenda = documents.agenda_document(session, meeting, rules)
        return Prepared("agenda", agenda, meeting_id, recipients, cases)
    versions = minutes_repo.minutes_versions(session, meeting_id)
    minutes = _minutes_for(session, principal, meeting_id) if principal else versions[-1]
    view = documents.minutes_document(session, meeting, rules, minutes)
    detail = {"minutes_version": minutes.version, "status": minutes.status}
    return Prepared("minutes", view, meeting_id, recipients, cases, detail)


def record_disclosure(
    *,
    session: Session,
    principal: Principal,
    prepared: Prepared,
    pdf: CachedPdf,
    extra: dict[str, Any] | None = None,
) -> None:
    """The download (or file) as a disclosure to the document's recipients: which PDF, by
    its hash and size, and the cases in it."""
    audit(
        session,
        principal,
        AuditAction.DISCLOSURE,
        f"meeting_{prepared.kind}",
        prepared.meeting_id,
        purpose=PURPOSES[prepared.kind],
        recipients=prepared.recipients,
        fields=["document"],
        detail={
            "document": prepared.kind,
            "meeting_id": prepared.meeting_id,
            "sha256": pdf.sha256,
            "bytes": len(pdf.pdf),
            "case_ids": list(prepared.case_ids),
            **prepared.detail,
            **(extra or {}),
        },
    )
