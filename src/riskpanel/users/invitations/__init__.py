"""Invitations: a new person sets their own password from a one-time link."""
