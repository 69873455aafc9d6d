"""Subject access: everything held about a person, with who it went to, for review."""

from riskpanel.subject_access.nchi import require_nchi_justification

__all__ = ["require_nchi_justification"]
