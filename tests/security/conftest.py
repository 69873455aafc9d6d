"""Security test plumbing: the figures of the matrix and Schemathesis runs in the summary."""

from __future__ import annotations

import pytest

#: Lines the matrix and fuzzing tests add, printed at the end of the pytest run.
SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARY:
        terminalreporter.section("riskpanel security figures")
        for line in SUMMARY:
            terminalreporter.write_line(line)
