"""Tests of the pure risk package."""
