"""Outbox notifications: written in the business transaction, delivered after commit."""
