"""Running `riskpanel backup|restore` as the console script does (main(): exit codes)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from riskpanel.cli import main
from riskpanel.config import Settings, get_settings
from riskpanel.db import dispose_engines
from tests.actions.factories import MadeAction, make_action, make_case
from tests.fixtures import World


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


Run = Callable[..., Ran]


@pytest.fixture
def run(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_OWNER_DATABASE_URL", settings.migration_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("RISKPANEL_ENVIRONMENT", "test")
    get_settings.cache_clear()

    def invoke(*args: str) -> Ran:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["riskpanel", *args])
        with pytest.raises(SystemExit) as exc:
            main()
        captured = capsys.readouterr()
        code = exc.value.code
        return Ran(code if isinstance(code, int) else 1, captured.out, captured.err)

    yield invoke
    get_settings.cache_clear()
    dispose_engines()


def some_actions(engine: Engine, world: World, settings: Settings, count: int) -> list[MadeAction]:
    case = make_case(engine, world)
    return [
        make_action(engine, world, settings, case_id=case.id, description=f"Backup check {i}")
        for i in range(count)
    ]
