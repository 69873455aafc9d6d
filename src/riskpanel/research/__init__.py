"""Agencies' research returns before a meeting: fact kept apart from opinion."""
