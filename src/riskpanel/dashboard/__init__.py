"""The coordinator's and chair's dashboard: what needs doing now, across the domains."""
