"""The structured dip-sample review: a member's assessment of each released summary, the
coordinator's answer, the pack's counts of assessments, and "you said, we did"."""
