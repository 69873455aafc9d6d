"""Why a single sign-on attempt was refused: a code for the access log, words for people.

The code goes into the audit row (never the email address or the provider's subject); the
page shows the words, which name no field, table or protocol.
"""

from __future__ import annotations

from enum import StrEnum

START_AGAIN = "Go back to the sign-in page and try again."
ASK_COORDINATOR = (
    "Ask your panel coordinator to check that riskpanel has an account for you, under the "
    "email address your organisation gives you."
)


class Refusal(StrEnum):
    STATE_UNKNOWN = "state_unknown"
    STATE_REUSED = "state_reused"
    OTHER_BROWSER = "other_browser"
    LOGIN_EXPIRED = "login_expired"
    PROVIDER_REFUSED = "provider_refused"
    PROVIDER_FAILED = "provider_failed"
    TOKEN_INVALID = "token_invalid"  # noqa: S105 - a reason code, not a secret
    EMAIL_UNVERIFIED = "email_unverified"
    DOMAIN_NOT_VOUCHED = "domain_not_vouched"
    EMAIL_UNKNOWN = "email_unknown"
    OTHER_AGENCY = "other_agency"
    ALREADY_LINKED = "already_linked"
    USER_DISABLED = "user_disabled"

    @property
    def about_the_account(self) -> bool:
        """The sign-in worked at the provider, but riskpanel will not let this person in."""
        return self in ACCOUNT_REFUSALS

    @property
    def message(self) -> str:
        return MESSAGES[self]


ACCOUNT_REFUSALS = frozenset(
    {
        Refusal.EMAIL_UNVERIFIED,
        Refusal.DOMAIN_NOT_VOUCHED,
        Refusal.EMAIL_UNKNOWN,
        Refusal.OTHER_AGENCY,
        Refusal.ALREADY_LINKED,
        Refusal.USER_DISABLED,
    }
)

MESSAGES = {
    Refusal.STATE_UNKNOWN: "This sign-in link is not one riskpanel started. " + START_AGAIN,
    Refusal.STATE_REUSED: "This sign-in link has already been used. " + START_AGAIN,
    Refusal.OTHER_BROWSER: "The sign-in was started in a different browser. " + START_AGAIN,
    Refusal.LOGIN_EXPIRED: "The sign-in took too long and has expired. " + START_AGAIN,
    Refusal.PROVIDER_REFUSED: "Your organisation's sign-in service did not sign you in. "
    + START_AGAIN,
    Refusal.PROVIDER_FAILED: "Your organisation's sign-in service could not be reached or "
    "did not answer properly. Try again later.",
    Refusal.TOKEN_INVALID: "riskpanel could not confirm who signed in. " + START_AGAIN,
    Refusal.EMAIL_UNVERIFIED: "Your organisation's sign-in service has not confirmed your "
    "email address. " + ASK_COORDINATOR,
    Refusal.DOMAIN_NOT_VOUCHED: "This sign-in service cannot be used for your email "
    "address. Use the sign-in button for your own organisation.",
    Refusal.EMAIL_UNKNOWN: "There is no riskpanel account for you yet. " + ASK_COORDINATOR,
    Refusal.OTHER_AGENCY: "Your riskpanel account belongs to another organisation. Use the "
    "sign-in button for that organisation.",
    Refusal.ALREADY_LINKED: "Your riskpanel account is already linked to a different account "
    "at this sign-in service. " + ASK_COORDINATOR,
    Refusal.USER_DISABLED: "Your riskpanel account has been closed. " + ASK_COORDINATOR,
}
