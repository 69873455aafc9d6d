"""Correcting the victim's contact details and consent after intake."""
