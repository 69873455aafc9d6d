"""Intake: a validated referral turned into rows, its flag check, its routes and its
Victims' Code clock."""
