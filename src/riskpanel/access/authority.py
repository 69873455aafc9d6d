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

from riskpanel.access.authority_accounts import ACCOUNT_AUTHORITY
from riskpanel.access.grants import (
    AGENCIES,
    AGENCY_PEOPLE,
    CASE_PANEL,
    CHAIR,
    COORDINATOR,
    MEMBER_AGENCY,
    PANEL,
    SCRUTINY,
    V1,
    Authority,
    Grant,
    Relation,
    own_panel,
)

__all__ = ["AUTHORITY", "Authority", "Grant", "Relation", "entry"]

AUTHORITY: dict[str, Authority] = {
    **ACCOUNT_AUTHORITY,
    # --- referrals --------------------------------------------------------------------------
    "referrals.create": Authority(
        "Refer a victim to a panel.",
        (Grant(PANEL, Relation.OWN_PANEL), Grant(AGENCIES, Relation.PANEL_MEMBER_REFERRER)),
        (("POST", f"{V1}/referrals"), ("POST", "/referrals/new")),
    ),
    "referrals.flag_decision": Authority(
        "Confirm or correct the flags raised on a referral.",
        own_panel(PANEL),
        (
            ("POST", f"{V1}/referrals/{{referral_id}}/flag-decision"),
            ("POST", "/referrals/{referral_id}/flags"),
        ),
    ),
    "referrals.screen": Authority(
        "Screen a referral: open a case, attach it to one, or withdraw it.",
        own_panel(PANEL),
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
        own_panel(PANEL),
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
        own_panel(COORDINATOR),
        (
            ("POST", f"{V1}/meetings"),
            ("PATCH", f"{V1}/meetings/{{meeting_id}}"),
            ("POST", "/meetings/new"),
        ),
    ),
    "meetings.agenda": Authority(
        "Save a meeting's agenda.",
        own_panel(COORDINATOR),
        (
            ("PUT", f"{V1}/meetings/{{meeting_id}}/agenda"),
            ("POST", "/meetings/{meeting_id}/agenda"),
        ),
    ),
    "meetings.late_listing.request": Authority(
        "Ask the chair to list a case referred after the cut-off, with the reason.",
        own_panel(COORDINATOR),
        (("POST", "/meetings/{meeting_id}/late-listings"),),
    ),
    "meetings.late_listing.agree": Authority(
        "Agree to hear a case referred after the cut-off at the meeting.",
        own_panel(CHAIR),
        (("POST", "/meetings/{meeting_id}/late-listings/{case_id}/agreement"),),
    ),
    "meetings.attendance": Authority(
        "Record who attended a meeting.",
        own_panel(PANEL),
        (
            ("PUT", f"{V1}/meetings/{{meeting_id}}/attendance"),
            ("POST", "/meetings/{meeting_id}/attendance"),
        ),
    ),
    "minutes.record": Authority(
        "Record the minutes of one case, with its decisions and actions.",
        own_panel(PANEL),
        (
            ("PUT", f"{V1}/meetings/{{meeting_id}}/minutes/cases/{{case_id}}"),
            ("POST", "/meetings/{meeting_id}/minutes/{case_id}"),
        ),
    ),
    "minutes.approve": Authority(
        "Approve a meeting's minutes.",
        own_panel(CHAIR),
        (
            ("POST", f"{V1}/meetings/{{meeting_id}}/minutes/approve"),
            ("POST", "/meetings/{meeting_id}/minutes-approval"),
        ),
    ),
    "minutes.correct": Authority(
        "Open a correction of approved minutes.",
        own_panel(COORDINATOR),
        (
            ("POST", f"{V1}/meetings/{{meeting_id}}/minutes/corrections"),
            ("POST", "/meetings/{meeting_id}/minutes-correction"),
        ),
    ),
    # --- scrutiny ---------------------------------------------------------------------------
    "scrutiny.pack": Authority(
        "Draft, review, redact, withhold from, release or discard a scrutiny pack.",
        own_panel(COORDINATOR),
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
        own_panel(COORDINATOR),
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
