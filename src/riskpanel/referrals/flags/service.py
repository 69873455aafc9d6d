"""The coordinator's decision on the strand flags (HMICFRS 2018: forces mis-flagged).

The flag check only prompts; the coordinator confirms the strands as referred or corrects
them, and who decided and when is kept on the referral. A case cannot be accepted until the
strands of the referral that opened it are confirmed (the ``strands_confirmed`` guard).
Keyword-only; the caller commits.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from riskpanel.audit.cases import About, record_on
from riskpanel.kit.concurrency import etag
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Incident, Person, Referral, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.referrals import projections
from riskpanel.referrals import repository as repo
from riskpanel.referrals.intake import service as intake
from riskpanel.referrals.projections import ScreeningOut
from riskpanel.referrals.schemas import FlagDecisionIn
from riskpanel.risk import Lexicon, StrandSelection, validate_strands


def _corrections(
    data: FlagDecisionIn, incidents: dict[int, Incident], lexicon: Lexicon
) -> dict[int, StrandSelection]:
    errors: list[FieldError] = []
    chosen: dict[int, StrandSelection] = {}
    for i, item in enumerate(data.corrections):
        if item.incident_id not in incidents:
            errors.append(
                FieldError(f"corrections[{i}].incident_id", "is not an incident of this referral")
            )
            continue
        field = f"corrections[{i}].strands"
        if not item.strands:
            errors.append(FieldError(field, "give at least one strand"))
            continue
        try:
            chosen[item.incident_id] = validate_strands(
                item.strands, lexicon.catalogue, field=field
            )
        except InvalidInput as exc:
            errors.extend(exc.errors)
    if errors:
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)
    return chosen


def _apply(
    session: Session, incidents: dict[int, Incident], chosen: dict[int, StrandSelection]
) -> list[dict[str, Any]]:
    current = repo.strands_of(session, list(incidents))
    changes = []
    for incident_id, selection in chosen.items():
        before = sorted(s.strand for s in current[incident_id])
        if before == sorted(selection.all):
            continue
        repo.clear_strands(session, incident_id)
        intake.set_strands(session, incidents[incident_id], selection)
        changes.append({"incident_id": incident_id, "from": before, "to": sorted(selection.all)})
    session.flush()
    return changes


def _recheck(session: Session, referral: Referral, lexicon: Lexicon) -> dict[str, Any]:
    incidents = repo.incidents_of(session, referral.id or 0)
    strands = repo.strands_of(session, [i.id or 0 for i in incidents])
    ids = [
        referral.victim_person_id,
        *(p["person_id"] for p in referral.parties or [] if p.get("person_id")),
    ]
    people = [p for p in (session.get(Person, i) for i in ids) if p is not None]
    return intake.run_flag_check(
        lexicon=lexicon,
        narrative=referral.narrative,
        why_answer=referral.why_answer,
        descriptions=[i.description for i in incidents],
        flagged=[s.strand for rows in strands.values() for s in rows],
        people=people,
    )


def decide_flags(
    *,
    session: Session,
    principal: Principal,
    referral_id: int,
    data: FlagDecisionIn,
    lexicon: Lexicon,
) -> ScreeningOut:
    referral = repo.visible_referral(session, principal, referral_id, lock=True)
    incidents = {i.id or 0: i for i in repo.incidents_of(session, referral_id)}
    changes = _apply(session, incidents, _corrections(data, incidents, lexicon))
    now = utcnow()
    check = _recheck(session, referral, lexicon)
    check["decision"] = {
        "by": principal.label,
        "user_id": principal.user_id,
        "at": now.isoformat(),
        "changes": changes,
        "note": data.note,
    }
    referral.flag_check = check
    referral.flags_decided_by_user_id = principal.user_id
    referral.flags_decided_at = now
    session.add(referral)
    case = repo.lock_case(session, referral.case_id) if referral.case_id else None
    if case is not None:
        case.strands_confirmed = True
        case.row_version += 1
        session.add(case)
    session.flush()
    fields = ["incident_strands", "flag_check", "flags_decided_by_user_id", "flags_decided_at"]
    fields += ["case.strands_confirmed"] if case is not None else []
    detail = {"changed_incident_ids": [c["incident_id"] for c in changes]}
    about = About.referral(referral)
    record_on(
        session, principal, AuditAction.ALTERATION, "screening", about, fields=fields, detail=detail
    )
    return ScreeningOut(
        referral=projections.summary(referral),
        case=projections.case_brief(case),
        case_etag=etag("case", case.id, case.row_version) if case else None,
    )
