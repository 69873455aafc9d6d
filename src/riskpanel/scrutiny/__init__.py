"""Community scrutiny: anonymised summaries of closed cases, safe figures, and feedback.

Summaries are built from a fixed set of structured projections and a redacted narrative,
reviewed by the coordinator, k-anonymised and released once; figures follow the ONS 10-5 rule.
Callers use :mod:`riskpanel.scrutiny.service`.
"""
