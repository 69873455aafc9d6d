"""API keys of agencies' systems: issue, rotate, revoke, list."""
