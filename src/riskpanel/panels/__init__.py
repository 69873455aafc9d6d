"""Panels: the local partnerships that meet to hear cases."""
