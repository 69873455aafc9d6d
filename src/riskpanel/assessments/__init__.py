"""Risk assessments against the panel's checklist: answers with sources, raise-only
professional judgement, and the level over time."""
