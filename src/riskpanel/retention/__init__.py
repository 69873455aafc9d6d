"""Retention: periods per record type, legal hold, and erasure by anonymisation."""
