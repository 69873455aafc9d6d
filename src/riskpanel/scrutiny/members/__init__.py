"""The pages scrutiny members read: released packs, their figures, and their feedback."""
