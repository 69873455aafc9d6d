"""Idempotency-Key handling for POSTs from partner systems."""
