"""Agencies' webhook endpoints: registration, secrets, test messages and the delivery log."""
