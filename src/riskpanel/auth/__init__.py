"""Authentication and access rules."""
