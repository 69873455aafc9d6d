"""Feedback on released summaries: members rate and comment, the coordinator answers
once, and the pack's report says how quickly."""
