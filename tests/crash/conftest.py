"""Crash test plumbing: its figures are printed at the end of the pytest run."""

from __future__ import annotations

import pytest

#: Lines the crash test adds (kills, acknowledged and lost writes), printed at the end.
SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARY:
        terminalreporter.section("riskpanel crash test figures")
        for line in SUMMARY:
            terminalreporter.write_line(line)
