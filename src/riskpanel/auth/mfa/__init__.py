"""The second factor for local accounts: TOTP enrolment and codes, recovery codes, resets."""
