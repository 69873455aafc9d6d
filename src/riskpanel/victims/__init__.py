"""The victim's entitlements under the Victims' Code 2021: deadlines from the report,
support referrals made or declined, and every update given."""
