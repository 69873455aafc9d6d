"""Minutes of a meeting: each case's record and decision, and the approved versions."""
