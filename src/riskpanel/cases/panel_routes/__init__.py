"""Routes into the panel for referrals and cases: the facts, decided by ``riskpanel.risk``."""
