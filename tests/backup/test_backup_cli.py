"""Bad input to `riskpanel backup` is one line on stderr and exit 2, on either backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backup.conftest import Run


@pytest.mark.parametrize(
    ("out", "message"),
    [("missing-folder/x.db", "does not exist"), (".", "is a folder")],
)
def test_backup_refuses_a_bad_destination(run: Run, tmp_path: Path, out: str, message: str) -> None:
    result = run("backup", "--out", str(tmp_path / out))
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
