"""The authority table's entries for the partnership's housekeeping, apart from case work.

Signing in, accounts, keys, panel membership, records management and an agency's webhooks:
the entries ``riskpanel.access.authority.AUTHORITY`` lists first, in this order.
"""

from __future__ import annotations

from riskpanel.access.grants import (
    ADMIN,
    ADMIN_ONLY,
    AGENCIES,
    AUDITOR,
    CHAIR,
    COORDINATOR,
    EVERYONE,
    PEOPLE,
    V1,
    Authority,
    Grant,
    Relation,
)

ACCOUNT_AUTHORITY: dict[str, Authority] = {
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
}
