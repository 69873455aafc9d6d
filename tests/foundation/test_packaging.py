"""templates/, workflows/ and migrations/ are found from an installed wheel too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_installed_wheel_carries_templates_workflows_and_migrations(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("riskpanel-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    probe = (
        "import json, riskpanel; from riskpanel.config import Settings;"
        "s = Settings(_env_file=None);"
        "print(json.dumps({'pkg': riskpanel.__file__, 'wf': str(s.workflows_dir),"
        " 'tpl': str(s.templates_dir)}))"
    )
    db = tmp_path / "wheel.db"
    env = {**os.environ, "PYTHONPATH": str(target), "RISKPANEL_DATABASE_URL": f"sqlite:///{db}"}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    paths = json.loads(out.stdout)
    assert paths["pkg"].startswith(str(target))
    assert Path(paths["wf"]).is_relative_to(target)
    assert (Path(paths["wf"]) / "hate_crime_panel.yaml").is_file()
    assert Path(paths["tpl"]).is_relative_to(target) and any(Path(paths["tpl"]).iterdir())
    upgrade = subprocess.run(
        [sys.executable, "-c", "from riskpanel.cli import main; main()", "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    assert "database at revision" in upgrade.stdout and "None" not in upgrade.stdout
