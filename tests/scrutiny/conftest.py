"""The scrutiny page tests sign in through the same browser-like client as tests/web."""

from tests.pages import browser  # noqa: F401
