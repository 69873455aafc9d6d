"""The replay clock: moves time for its own context only, and never into the future."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from riskpanel.kit import clock
from riskpanel.models import utcnow


def test_replaying_moves_the_clock_for_the_block_only() -> None:
    moment = datetime.now(UTC) - timedelta(days=90)
    with clock.replaying(moment):
        inside = utcnow()
        assert timedelta(0) <= inside - moment < timedelta(seconds=5)  # time still flows
    assert utcnow() - datetime.now(UTC) < timedelta(seconds=1)
    assert abs(utcnow() - moment - timedelta(days=90)) < timedelta(seconds=5)


def test_other_threads_keep_the_real_time() -> None:
    seen: list[datetime] = []
    with clock.replaying(datetime.now(UTC) - timedelta(days=30)):
        worker = threading.Thread(target=lambda: seen.append(utcnow()))
        worker.start()
        worker.join()
        replayed = utcnow()
    assert seen[0] - replayed > timedelta(days=29)


def test_a_replay_never_runs_ahead_or_without_a_zone() -> None:
    ahead = datetime.now(UTC) + timedelta(minutes=1)
    with pytest.raises(ValueError, match="future"), clock.replaying(ahead):
        pass  # pragma: no cover
    with pytest.raises(ValueError, match="aware"), clock.replaying(datetime(2026, 1, 1)):
        pass  # pragma: no cover


def test_nested_replays_restore_the_outer_one() -> None:
    outer = datetime.now(UTC) - timedelta(days=10)
    with clock.replaying(outer):
        with clock.replaying(datetime.now(UTC) - timedelta(days=100)):
            assert datetime.now(UTC) - utcnow() > timedelta(days=99)
        assert timedelta(days=9) < datetime.now(UTC) - utcnow() < timedelta(days=11)
