"""Who may decide what: the one declared table of write authority.

Every route that changes something (POST, PUT, PATCH, DELETE, in the API and in the web
pages) names one entry of ``AUTHORITY``. The entry says which roles may act at all (the
route's dependency refuses any other role with 403, anonymous callers with 401) and which
relationship to the object each role needs; the services check that relationship once
they hold the object (``riskpanel.access.relations.require``), so a role that is allowed
but not involved gets 403, while an object it cannot even see stays 404.

Framework-free on purpose: the access matrix and the documentation read the same table
the routes enforce, and a route without an entry fails a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from riskpanel.kit.roles import Role


class Relation(StrEnum):
    """A relationship between the caller and the object of a write, in the domain's words."""

    CASE_PANEL = "coordinator or chair of the panel that holds the case"
    OWN_PANEL = "coordinator or chair of the panel the object belongs to"
    MEMBER_AGENCY = (
        "a current member agency of the case's panel, with its sharing agreement in force, "
        "while the case is open or inside the access window after closure"
    )
    ACTION_OWNER = (
        "the agency that owns the action, with its sharing agreement in force, while the "
        "case is open or inside the access window after closure"
    )
    REFERRING_AGENCY = (
        "the referring agency, for its own referral, with its sharing agreement in force, "
        "while the case is open or inside the access window after closure"
    )
    PANEL_MEMBER_REFERRER = "a current member agency of the panel it refers to"
    RESEARCH_ASKED = (
        "the agency asked for research: one the case involves (it referred the case, was "
        "invited to a meeting with the case on its agenda, or owns an action on it) and a "
        "current member of the case's panel with its sharing agreement in force, inside the "
        "access window"
    )
    LEAD_CONTACT = "the agency recorded as the victim's lead contact, a current panel member"
    RELEASED_TO_SCRUTINY = "a scrutiny member, on a pack released to the scrutiny panel"
    OWN_AGENCY = "the caller's own agency (its people and its systems' keys), for its own things"
    ADMIN_ONLY = "an administrator; no relationship to an object"
    OWN_SESSION = "the caller's own session"
    SECOND_PERSON = "a second person: an admin who did not ask for the account, or a chair"
    ANYONE = "anyone; the credentials are the check"
    RETENTION_SCHEDULE = (
        "no one object: a run erases every record of the partnership past its retention "
        "period and not on legal hold"
    )
    PANEL_HOLDS_PERSON = (
        "a person the coordinator's panel holds (the victim of one of its referrals or a "
        "party to one of its cases)"
    )
    ANY_PERSON = "any person riskpanel holds (the auditor answers for information governance)"


@dataclass(frozen=True)
class Grant:
    """Roles that may act, each needing the relation to the object."""

    roles: frozenset[str]
    relation: Relation


@dataclass(frozen=True)
class Authority:
    """One write operation: its routes, who may perform it, and a line for people."""

    summary: str
    grants: tuple[Grant, ...]
    routes: tuple[tuple[str, str], ...]  # (method, path template) in the API and web pages

    @property
    def roles(self) -> frozenset[str]:
        return frozenset().union(*(g.roles for g in self.grants))

    @property
    def public(self) -> bool:
        return any(g.relation is Relation.ANYONE for g in self.grants)

    def relations_for(self, role: str) -> tuple[Relation, ...]:
        return tuple(g.relation for g in self.grants if role in g.roles)


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(r.value for r in roles)


PANEL = _roles(Role.COORDINATOR, Role.CHAIR)
COORDINATOR = _roles(Role.COORDINATOR)
CHAIR = _roles(Role.CHAIR)
AGENCIES = _roles(Role.AGENCY, Role.AGENCY_CLIENT)
AGENCY_PEOPLE = _roles(Role.AGENCY)
ADMIN = _roles(Role.ADMIN)
SCRUTINY = _roles(Role.SCRUTINY)
AUDITOR = _roles(Role.AUDITOR)
PEOPLE = frozenset(r.value for r in Role) - _roles(Role.AGENCY_CLIENT, Role.SYSTEM)
EVERYONE = frozenset(r.value for r in Role) - _roles(Role.SYSTEM)

CASE_PANEL = Grant(PANEL, Relation.CASE_PANEL)
MEMBER_AGENCY = Grant(AGENCIES, Relation.MEMBER_AGENCY)
ADMIN_ONLY = Grant(ADMIN, Relation.ADMIN_ONLY)
V1 = "/api/v1"


def _panel(roles: frozenset[str]) -> tuple[Grant, ...]:
    return (Grant(roles, Relation.OWN_PANEL),)


AUTHORITY: dict[str, Authority] = {
    # --- signing in and out ---------------------------------------------------------------
    "auth.sign_in": Authority(
        "Sign in with an email address and password.",
        (Grant(EVERYONE, Relation.ANYONE),),
        (("POST", f"{V1}/auth/session"), ("POST", "/sign-in")),
    ),
    "auth.sign_out": Authority(
        "End one's own session.",
        (Grant(PEOPLE, Relation.OWN_SESSION),),
        (("DELETE", f"{V1}/auth/session"), ("POST", "/sign-out")),
    ),
    "auth.second_factor": Authority(
        "Set up one's second factor, or pass it with a code, in one's own session.",
        (Grant(PEOPLE, Relation.OWN_SESSION),),
        (
            ("POST", f"{V1}/auth/session/second-factor"),
            ("POST", "/sign-in/second-factor"),
            ("POST", "/sign-in/second-factor/set-up"),
        ),
    ),
    "auth.reauthenticate": Authority(
        "Confirm one's password (and code) again before a sensitive action.",
        (Grant(PEOPLE, Relation.OWN_SESSION),),
        (("POST", f"{V1}/auth/session/confirm"), ("POST", "/sign-in/confirm")),
    ),
    "auth.personal_token": Authority(
        "Create a personal API token for oneself, from a session that passed the second factor.",
        (Grant(PEOPLE, Relation.OWN_SESSION),),
        (("POST", f"{V1}/auth/tokens"),),
    ),
    # --- administration ---------------------------------------------------------------------
    "users.create": Authority(
        "Create a user account.",
        (ADMIN_ONLY,),
        (("POST", f"{V1}/users"), ("POST", "/admin/users")),
    ),
    "users.update": Authority(
        "Change a user's name, role or whether the account is active.",
        (ADMIN_ONLY,),
        (("PATCH", f"{V1}/users/{{user_id}}"), ("POST", "/admin/users/{user_id}/active")),
    ),
    "users.second_factor_reset": Authority(
        "Reset another person's second factor (they set it up again at their next sign-in).",
        (ADMIN_ONLY,),
        (
            ("POST", f"{V1}/users/{{user_id}}/second-factor/reset"),
            ("POST", "/admin/users/{user_id}/second-factor/reset"),
        ),
    ),
    "users.approve": Authority(
        "Approve a new account, or one given a new role, so it becomes active: a second "
        "person, never the admin who asked for it.",
        (Grant(ADMIN | CHAIR, Relation.SECOND_PERSON),),
        (
            ("POST", f"{V1}/users/{{user_id}}/approval"),
            ("POST", "/approvals/{user_id}"),
        ),
    ),
    "users.invite": Authority(
        "Send a new invitation link to a person who has not set a password (the old link "
        "stops working), or withdraw it.",
        (ADMIN_ONLY,),
        (
            ("POST", f"{V1}/users/{{user_id}}/invitation"),
            ("DELETE", f"{V1}/users/{{user_id}}/invitation"),
            ("POST", "/admin/users/{user_id}/invitation"),
            ("POST", "/admin/users/{user_id}/invitation/revoke"),
        ),
    ),
    "users.accept_invitation": Authority(
        "Set one's own password with a one-time invitation link.",
        (Grant(EVERYONE, Relation.ANYONE),),
        (("POST", "/invitations/{token}"),),
    ),
    "keys.issue": Authority(
        "Issue an API key to a partner agency's system.",
        (ADMIN_ONLY,),
        (("POST", f"{V1}/agencies/{{agency_id}}/keys"), ("POST", "/admin/keys")),
    ),
    "keys.rotate": Authority(
        "Rotate an agency's API key, with an overlap.",
        (ADMIN_ONLY,),
        (
            ("POST", f"{V1}/agencies/{{agency_id}}/keys/{{key_id}}/rotate"),
            ("POST", "/admin/keys/{agency_id}/{key_id}/rotate"),
        ),
    ),
    "keys.revoke": Authority(
        "Revoke an agency's API key now.",
        (ADMIN_ONLY,),
        (
            ("DELETE", f"{V1}/agencies/{{agency_id}}/keys/{{key_id}}"),
            ("POST", "/admin/keys/{agency_id}/{key_id}/revoke"),
        ),
    ),
    "panels.add_member": Authority(
        "Add an agency to a panel, or let it rejoin, with the day its membership starts.",
        (ADMIN_ONLY,),
        (("POST", f"{V1}/panels/{{panel_id}}/members"),),
    ),
    "panels.change_member": Authority(
        "Change a membership's dates, or end it (leaving ends the agency's access).",
        (ADMIN_ONLY,),
        (("PATCH", f"{V1}/panels/{{panel_id}}/members/{{agency_id}}"),),
    ),
    # --- records management -----------------------------------------------------------------
    "retention.run": Authority(
        "Check what the retention schedule says is due, and erase it (anonymise, audited).",
        (Grant(COORDINATOR | AUDITOR, Relation.RETENTION_SCHEDULE),),
        (("POST", "/retention/check"), ("POST", "/retention/run")),
    ),
    "retention.hold": Authority(
        "Place or lift a legal hold on a case, with the reason (kept whatever its period).",
        (Grant(COORDINATOR, Relation.CASE_PANEL),),
        (
            ("POST", f"{V1}/cases/{{case_id}}/legal-hold"),
            ("POST", f"{V1}/cases/{{case_id}}/legal-hold/lift"),
            ("POST", "/retention/holds/check"),
            ("POST", "/retention/holds"),
            ("POST", "/retention/holds/{case_id}/lift/check"),
            ("POST", "/retention/holds/{case_id}/lift"),
        ),
    ),
    "subject_access.prepare": Authority(
        "Prepare a subject access response for a person: everything held about them, other "
        "people redacted, as a draft for review (the export is logged as a disclosure).",
        (
            Grant(COORDINATOR, Relation.PANEL_HOLDS_PERSON),
            Grant(AUDITOR, Relation.ANY_PERSON),
        ),
        (("POST", "/subject-access/people/{person_id}"),),
    ),
    # --- an agency's own webhook endpoints -----------------------------------------------------
    "webhooks.register": Authority(
        "Register a webhook endpoint for one's own agency.",
        (Grant(AGENCIES, Relation.OWN_AGENCY),),
        (("POST", f"{V1}/webhooks"), ("POST", "/webhooks/new/check"), ("POST", "/webhooks/new")),
    ),
    "webhooks.rotate": Authority(
        "Give one of one's own agency's webhook endpoints a new signing secret.",
        (Grant(AGENCIES, Relation.OWN_AGENCY),),
        (
            ("POST", f"{V1}/webhooks/{{endpoint_id}}/secret"),
            ("POST", "/webhooks/{endpoint_id}/secret"),
        ),
    ),
    "webhooks.test": Authority(
        "Send a test event to one of one's own agency's webhook endpoints.",
        (Grant(AGENCIES, Relation.OWN_AGENCY),),
        (
            ("POST", f"{V1}/webhooks/{{endpoint_id}}/test"),
            ("POST", "/webhooks/{endpoint_id}/test"),
        ),
    ),
    "webhooks.remove": Authority(
        "Remove one of one's own agency's webhook endpoints.",
        (Grant(AGENCIES, Relation.OWN_AGENCY),),
        (
            ("DELETE", f"{V1}/webhooks/{{endpoint_id}}"),
            ("POST", "/webhooks/{endpoint_id}/remove"),
        ),
    ),
    # --- referrals --------------------------------------------------------------------------
    "referrals.create": Authority(
        "Refer a victim to a panel.",
        (Grant(PANEL, Relation.OWN_PANEL), Grant(AGENCIES, Relation.PANEL_MEMBER_REFERRER)),
        (("POST", f"{V1}/referrals"), ("POST", "/referrals/new")),
    ),
    "referrals.flag_decision": Authority(
        "Confirm or correct the flags raised on a referral.",
        _panel(PANEL),
        (
            ("POST", f"{V1}/referrals/{{referral_id}}/flag-decision"),
            ("POST", "/referrals/{referral_id}/flags"),
        ),
    ),
    "referrals.screen": Authority(
        "Screen a referral: open a case, attach it to one, or withdraw it.",
        _panel(PANEL),
        (
            ("POST", f"{V1}/referrals/{{referral_id}}/screening"),
            ("POST", "/referrals/{referral_id}/screening"),
        ),
    ),
    "referrals.reconsideration": Authority(
        "Ask the chair to reconsider a rejected referral.",
        (Grant(PANEL, Relation.OWN_PANEL), Grant(AGENCIES, Relation.REFERRING_AGENCY)),
        (
            ("POST", f"{V1}/referrals/{{referral_id}}/reconsideration-request"),
            ("POST", "/referrals/{referral_id}/reconsideration"),
        ),
    ),
    # --- cases, risk and the Victims' Code ------------------------------------------------------
    "cases.transition": Authority(
        "Move a case through its workflow.",
        (CASE_PANEL,),
        (
            ("POST", f"{V1}/cases/{{case_id}}/transitions"),
            ("POST", "/cases/{case_id}/transitions"),
        ),
    ),
    "assessments.add": Authority(
        "Record a risk assessment: the coordinator or chair decide the case's level; a member "
        "agency may add its own view as information.",
        (CASE_PANEL, MEMBER_AGENCY),
        (
            ("POST", f"{V1}/cases/{{case_id}}/assessments"),
            ("POST", "/cases/{case_id}/assessment/check"),
            ("POST", "/cases/{case_id}/assessment"),
        ),
    ),
    "victims.entitlement": Authority(
        "Set the victim's needs assessment, update schedule, enhanced rights and lead contact.",
        (CASE_PANEL, Grant(AGENCY_PEOPLE, Relation.LEAD_CONTACT)),
        (
            ("PUT", f"{V1}/cases/{{case_id}}/entitlement"),
            ("POST", "/cases/{case_id}/victims-code/check"),
            ("POST", "/cases/{case_id}/victims-code"),
        ),
    ),
    "victims.contact": Authority(
        "Correct the victim's contact details and consent to sharing after intake.",
        (CASE_PANEL, Grant(AGENCY_PEOPLE, Relation.LEAD_CONTACT)),
        (
            ("PUT", f"{V1}/cases/{{case_id}}/victim-contact"),
            ("POST", "/cases/{case_id}/victim-contact/check"),
            ("POST", "/cases/{case_id}/victim-contact"),
        ),
    ),
    "victims.support_referral": Authority(
        "Record a referral of the victim to a support service, made or declined.",
        (CASE_PANEL, MEMBER_AGENCY),
        (
            ("POST", f"{V1}/cases/{{case_id}}/support-referrals"),
            ("POST", "/cases/{case_id}/support-referrals"),
        ),
    ),
    "victims.update": Authority(
        "Record an update given to the victim.",
        (CASE_PANEL, MEMBER_AGENCY),
        (
            ("POST", f"{V1}/cases/{{case_id}}/victim-updates"),
            ("POST", "/cases/{case_id}/victim-updates"),
        ),
    ),
    "people.match": Authority(
        "Confirm or reject a suggested match between two people.",
        _panel(PANEL),
        (
            ("POST", f"{V1}/people/matches/{{match_id}}/confirm"),
            ("POST", f"{V1}/people/matches/{{match_id}}/reject"),
            ("POST", "/people/matches/{match_id}/check"),
            ("POST", "/people/matches/{match_id}/decision"),
        ),
    ),
    # --- actions and research ---------------------------------------------------------------
    "actions.update": Authority(
        "Report progress on an action.",
        (Grant(AGENCIES, Relation.ACTION_OWNER),),
        (
            ("POST", f"{V1}/actions/{{action_id}}/updates"),
            ("POST", "/actions/{action_id}/updates"),
        ),
    ),
    "actions.reopen": Authority(
        "Send a finished action back to its agency.",
        (Grant(COORDINATOR, Relation.CASE_PANEL),),
        (("POST", f"{V1}/actions/{{action_id}}/reopen"), ("POST", "/actions/{action_id}/reopen")),
    ),
    "research.return": Authority(
        "Return an agency's research on a case before a meeting.",
        (Grant(AGENCIES, Relation.RESEARCH_ASKED),),
        (("POST", f"{V1}/cases/{{case_id}}/research"), ("POST", "/cases/{case_id}/research")),
    ),
    "research.request": Authority(
        "Ask member agencies for research on a case listed on an agenda, due before the meeting.",
        (Grant(COORDINATOR, Relation.CASE_PANEL),),
        (("POST", f"{V1}/cases/{{case_id}}/research-requests"),),
    ),
    # --- meetings ---------------------------------------------------------------------------
    "meetings.plan": Authority(
        "Plan, move or re-invite a meeting of the panel.",
        _panel(COORDINATOR),
        (
            ("POST", f"{V1}/meetings"),
            ("PATCH", f"{V1}/meetings/{{meeting_id}}"),
            ("POST", "/meetings/new"),
        ),
    ),
    "meetings.agenda": Authority(
        "Save a meeting's agenda.",
        _panel(COORDINATOR),
        (
            ("PUT", f"{V1}/meetings/{{meeting_id}}/agenda"),
            ("POST", "/meetings/{meeting_id}/agenda"),
        ),
    ),
    "meetings.late_listing.request": Authority(
        "Ask the chair to list a case referred after the cut-off, with the reason.",
        _panel(COORDINATOR),
        (("POST", "/meetings/{meeting_id}/late-listings"),),
    ),
    "meetings.late_listing.agree": Authority(
        "Agree to hear a case referred after the cut-off at the meeting.",
        _panel(CHAIR),
        (("POST", "/meetings/{meeting_id}/late-listings/{case_id}/agreement"),),
    ),
    "meetings.attendance": Authority(
        "Record who attended a meeting.",
        _panel(PANEL),
        (
            ("PUT", f"{V1}/meetings/{{meeting_id}}/attendance"),
            ("POST", "/meetings/{meeting_id}/attendance"),
        ),
    ),
    "minutes.record": Authority(
        "Record the minutes of one case, with its decisions and actions.",
        _panel(PANEL),
        (
            ("PUT", f"{V1}/meetings/{{meeting_id}}/minutes/cases/{{case_id}}"),
            ("POST", "/meetings/{meeting_id}/minutes/{case_id}"),
        ),
    ),
    "minutes.approve": Authority(
        "Approve a meeting's minutes.",
        _panel(CHAIR),
        (
            ("POST", f"{V1}/meetings/{{meeting_id}}/minutes/approve"),
            ("POST", "/meetings/{meeting_id}/minutes-approval"),
        ),
    ),
    "minutes.correct": Authority(
        "Open a correction of approved minutes.",
        _panel(COORDINATOR),
        (
            ("POST", f"{V1}/meetings/{{meeting_id}}/minutes/corrections"),
            ("POST", "/meetings/{meeting_id}/minutes-correction"),
        ),
    ),
    # --- scrutiny ---------------------------------------------------------------------------
    "scrutiny.pack": Authority(
        "Draft, review, redact, withhold from, release or discard a scrutiny pack.",
        _panel(COORDINATOR),
        (
            ("POST", f"{V1}/scrutiny/packs"),
            ("DELETE", f"{V1}/scrutiny/packs/{{pack_id}}"),
            ("POST", f"{V1}/scrutiny/packs/{{pack_id}}/summaries/{{summary_id}}/redactions"),
            ("POST", f"{V1}/scrutiny/packs/{{pack_id}}/summaries/{{summary_id}}/reviewed"),
            ("POST", f"{V1}/scrutiny/packs/{{pack_id}}/summaries/{{summary_id}}/withhold"),
            ("POST", f"{V1}/scrutiny/packs/{{pack_id}}/release"),
            ("POST", "/scrutiny/review/new"),
            ("POST", "/scrutiny/review/packs/{pack_id}/release"),
            ("POST", "/scrutiny/review/packs/{pack_id}/discard"),
            ("POST", "/scrutiny/review/packs/{pack_id}/summaries/{summary_id}/redactions"),
            ("POST", "/scrutiny/review/packs/{pack_id}/summaries/{summary_id}/withhold"),
            ("POST", "/scrutiny/review/packs/{pack_id}/summaries/{summary_id}/reviewed"),
        ),
    ),
    "scrutiny.feedback": Authority(
        "Give the scrutiny panel's feedback or dip-sample assessment on a released case summary.",
        (Grant(SCRUTINY, Relation.RELEASED_TO_SCRUTINY),),
        (
            ("POST", f"{V1}/scrutiny/summaries/{{summary_id}}/feedback"),
            ("PUT", f"{V1}/scrutiny/summaries/{{summary_id}}/assessment"),
            ("POST", "/scrutiny/packs/{pack_id}/summaries/{summary_id}/feedback"),
            ("POST", "/scrutiny/packs/{pack_id}/summaries/{summary_id}/assessment"),
            ("POST", "/scrutiny/packs/{pack_id}/summaries/{summary_id}/assessment/send"),
        ),
    ),
    "scrutiny.answer": Authority(
        "Answer the scrutiny panel's feedback and dip-sample assessments.",
        _panel(COORDINATOR),
        (
            ("POST", f"{V1}/scrutiny/feedback/{{feedback_id}}/response"),
            ("POST", f"{V1}/scrutiny/assessments/{{assessment_id}}/response"),
            ("POST", "/scrutiny/review/feedback/{feedback_id}/response"),
            ("POST", "/scrutiny/review/assessments/{assessment_id}/response"),
        ),
    ),
}


def entry(operation: str) -> Authority:
    """The table's entry; a typo in a route's operation name fails at import, not at run."""
    try:
        return AUTHORITY[operation]
    except KeyError:
        raise KeyError(f"no authority entry {operation!r}") from None
