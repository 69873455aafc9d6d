"""Access-matrix entries for the case workflow, assessment, Victims' Code, people and
referral routes.

``tests/security/matrix_spec.py`` merges ``ENTRIES`` into its registry. Related objects are
the test panel's police-referred cases (and their referrals and victims); unrelated ones
belong to another panel and were referred by the outside agency. Routes that change
things get a fresh object per probe so the probes stay independent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import wraps

from sqlmodel import col, select

from riskpanel.kit.concurrency import etag
from riskpanel.models import Case, Person, PersonMatch, Referral
from riskpanel.victims.contact.service import contact_etag
from tests.security.builders import unique
from tests.security.matrix import Builder, Call, Ctx, Route

SIGNED_IN = frozenset(
    {"admin", "coordinator", "chair", "agency", "agency_client", "scrutiny", "auditor"}
)
PANEL = frozenset({"coordinator", "chair"})
AGENCY = frozenset({"agency", "agency_client"})
CREATED = frozenset({201})
ANSWERS = [
    {"question_id": "injured", "answer": "yes", "source": "victim"},
    {"question_id": "isolated", "answer": "no", "source": "agency_record"},
]


def settled(builder: Builder) -> Builder:
    """End the test session's read transaction once the call is built: on SQLite a read
    left open goes stale when the app writes, and the next builder's write would fail."""

    @wraps(builder)
    def build(ctx: Ctx, role: str, related: bool) -> Call:
        call = builder(ctx, role, related)
        ctx.session.commit()
        return call

    return build


def _recently() -> str:
    return (datetime.now(UTC) - timedelta(hours=1)).isoformat()


def _referral_of(ctx: Ctx, case_id: int | None) -> Referral:
    referral = ctx.session.exec(select(Referral).where(col(Referral.case_id) == case_id)).first()
    assert referral is not None  # builders.make_case links one referral to each case
    return referral


# --- cases and workflows --------------------------------------------------------------


@settled
def case_read(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": ctx.case(related).id})


@settled
def transition_fire(ctx: Ctx, role: str, related: bool) -> Call:
    """Withdraw a fresh accepted case (any state, coordinator or chair, with a reason)."""
    case = ctx.fresh_case(related)
    return Call(
        path={"case_id": case.id},
        json={"trigger": "withdraw", "reason": "Probe: consent withdrawn."},
        headers={"If-Match": etag("case", case.id, case.row_version)},
    )


@settled
def workflow_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"name": "hate_crime_panel"})


# --- assessments and the Victims' Code ------------------------------------------------


@settled
def assessment_new(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": ctx.fresh_case(related).id}, json={"answers": ANSWERS})


def _lead_contact_case(ctx: Ctx, related: bool) -> Case:
    """A fresh case whose agency is the victim's lead contact: within its reach means that."""
    case = ctx.fresh_case(related)
    case.lead_agency_id = ctx.agency_id(related)
    ctx.session.add(case)
    ctx.session.commit()
    return case


@settled
def entitlement_put(ctx: Ctx, role: str, related: bool) -> Call:
    """A fresh case has no entitlement yet, so creating it needs no If-Match."""
    return Call(
        path={"case_id": _lead_contact_case(ctx, related).id},
        json={"enhanced_rights": True, "update_schedule": "weekly by phone"},
    )


@settled
def victim_contact_read(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": _lead_contact_case(ctx, related).id})


@settled
def victim_contact_put(ctx: Ctx, role: str, related: bool) -> Call:
    case = _lead_contact_case(ctx, related)
    person = ctx.session.get(Person, case.victim_person_id)
    assert person is not None
    return Call(
        path={"case_id": case.id},
        json={"phone": "07700 900456", "consent_status": "given", "lawful_basis": "consent"},
        headers={"If-Match": contact_etag(person)},
    )


@settled
def support_referral_new(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(
        path={"case_id": ctx.fresh_case(related).id},
        json={"status": "made", "service": "Victim Support", "at": _recently()},
    )


@settled
def victim_update_new(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(
        path={"case_id": ctx.fresh_case(related).id},
        json={"kind": "case_progress", "method": "phone", "given_at": _recently()},
    )


# --- people ---------------------------------------------------------------------------


@settled
def person_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"person_id": ctx.case(related).victim_person_id})


@settled
def match_path(ctx: Ctx, role: str, related: bool) -> Call:
    """A suggested match between the victims of two fresh cases on the same panel."""
    first, second = ctx.fresh_case(related), ctx.fresh_case(related)
    low, high = sorted((first.victim_person_id or 0, second.victim_person_id or 0))
    match = PersonMatch(person_a_id=low, person_b_id=high, score=0.9, reasons=["probe"])
    ctx.session.add(match)
    ctx.session.commit()
    return Call(path={"match_id": match.id})


# --- referrals ------------------------------------------------------------------------


@settled
def referral_new(ctx: Ctx, role: str, related: bool) -> Call:
    occurred = date.today() - timedelta(days=2)
    family = unique("Probezq").replace("-", "")
    return Call(
        json={
            "panel_id": ctx.world.panel.id,
            "victim": {
                "given_name": "Amara",
                "family_name": family,
                "date_of_birth": "1984-03-07",
                "address_line": "1 Probe Street",
                "postcode": "LS6 2AB",
                "district": "Testshire North",
                "lawful_basis": "law_enforcement",
            },
            "household": {"children_present": False, "other_vulnerable_people": False},
            "incidents": [
                {
                    "kind": "crime",
                    "occurred_on": occurred.isoformat(),
                    "reported_at": datetime(
                        occurred.year, occurred.month, occurred.day, 12, tzinfo=UTC
                    ).isoformat(),
                    "district": "Testshire North",
                    "place": "High Street",
                    "strands": ["race"],
                    "perceived_by": "victim",
                    "crime_reference": "CR/12345/26",
                    "description": "Shouted at in the street.",
                }
            ],
            "perpetrators": [
                {"known": False, "is_group": True, "group_description": "Three teenagers"}
            ],
            "narrative": "The victim was called racist names by a group outside the shop.",
            "why_answer": "Because of who they are.",
            "consent": {"victim_aware": True, "victim_consents": True},
        }
    )


@settled
def referral_read(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"referral_id": _referral_of(ctx, ctx.case(related).id).id})


@settled
def flag_decision(ctx: Ctx, role: str, related: bool) -> Call:
    referral = _referral_of(ctx, ctx.fresh_case(related).id)
    return Call(
        path={"referral_id": referral.id}, json={"corrections": [], "note": "Probe: confirmed."}
    )


@settled
def screening_withdraw(ctx: Ctx, role: str, related: bool) -> Call:
    case = ctx.fresh_case(related)
    return Call(
        path={"referral_id": _referral_of(ctx, case.id).id},
        json={"decision": "withdraw", "reason": "Probe: the referral is withdrawn."},
        headers={"If-Match": etag("case", case.id, case.row_version)},
    )


@settled
def reconsideration(ctx: Ctx, role: str, related: bool) -> Call:
    case = ctx.fresh_case(related, state="rejected")
    return Call(
        path={"referral_id": _referral_of(ctx, case.id).id},
        json={"reason": "Probe: new evidence of a pattern."},
    )


# --- the entries ----------------------------------------------------------------------

ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/cases/{case_id}/transitions"): Route(
        allowed=PANEL, build=case_read, scoped=True
    ),
    ("POST", "/api/v1/cases/{case_id}/transitions"): Route(
        allowed=PANEL, build=transition_fire, scoped=True
    ),
    ("GET", "/api/v1/workflows"): Route(allowed=SIGNED_IN),
    ("GET", "/api/v1/workflows/{name}"): Route(allowed=SIGNED_IN, build=workflow_path),
    ("GET", "/api/v1/cases/{case_id}/assessments"): Route(
        allowed=PANEL, build=case_read, scoped=True
    ),
    ("POST", "/api/v1/cases/{case_id}/assessments"): Route(
        allowed=PANEL | AGENCY, build=assessment_new, scoped=True, ok=CREATED
    ),
    ("GET", "/api/v1/cases/{case_id}/entitlement"): Route(
        allowed=PANEL | AGENCY, build=case_read, scoped=True
    ),
    ("PUT", "/api/v1/cases/{case_id}/entitlement"): Route(
        allowed=PANEL | {"agency"}, build=entitlement_put, scoped=True
    ),
    ("GET", "/api/v1/cases/{case_id}/victim-contact"): Route(
        allowed=PANEL | {"agency"}, build=victim_contact_read, scoped=True
    ),
    ("PUT", "/api/v1/cases/{case_id}/victim-contact"): Route(
        allowed=PANEL | {"agency"}, build=victim_contact_put, scoped=True
    ),
    ("POST", "/api/v1/cases/{case_id}/support-referrals"): Route(
        allowed=PANEL | AGENCY, build=support_referral_new, scoped=True, ok=CREATED
    ),
    ("POST", "/api/v1/cases/{case_id}/victim-updates"): Route(
        allowed=PANEL | AGENCY, build=victim_update_new, scoped=True, ok=CREATED
    ),
    ("GET", "/api/v1/victims-code/overdue"): Route(allowed=PANEL),
    ("GET", "/api/v1/cases/{case_id}/intelligence"): Route(
        allowed=PANEL, build=case_read, scoped=True
    ),
    ("GET", "/api/v1/people/{person_id}/matches"): Route(
        allowed=PANEL, build=person_path, scoped=True
    ),
    ("POST", "/api/v1/people/matches/{match_id}/confirm"): Route(
        allowed=PANEL, build=match_path, scoped=True
    ),
    ("POST", "/api/v1/people/matches/{match_id}/reject"): Route(
        allowed=PANEL, build=match_path, scoped=True
    ),
    ("GET", "/api/v1/referrals"): Route(allowed=PANEL | AGENCY),
    ("POST", "/api/v1/referrals"): Route(allowed=PANEL | AGENCY, build=referral_new, ok=CREATED),
    ("GET", "/api/v1/referrals/{referral_id}"): Route(
        allowed=PANEL | AGENCY, build=referral_read, scoped=True
    ),
    ("POST", "/api/v1/referrals/{referral_id}/flag-decision"): Route(
        allowed=PANEL, build=flag_decision, scoped=True
    ),
    ("POST", "/api/v1/referrals/{referral_id}/screening"): Route(
        allowed=PANEL, build=screening_withdraw, scoped=True
    ),
    ("POST", "/api/v1/referrals/{referral_id}/reconsideration-request"): Route(
        allowed=PANEL | AGENCY, build=reconsideration, scoped=True
    ),
}
