"""Screening a referral: a case opened or attached, the workflow's triggers, reconsideration."""
