"""One summary: its redacted content (deny-list, spans, labels), the coordinator's review
of it (remove more text, withhold, mark reviewed) and what each reader sees of it."""
