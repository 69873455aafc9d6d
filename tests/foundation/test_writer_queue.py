"""SQLite writers queue in arrival order, within a process and across processes."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from riskpanel.db import make_engine
from riskpanel.sqlite import READ_FIRST, WriterQueue


def _wait_for_waiters(queue: WriterQueue, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(queue._waiters) < count:
        assert time.monotonic() < deadline, "waiters never queued"
        time.sleep(0.001)


def test_turns_pass_in_arrival_order() -> None:
    queue = WriterQueue()
    assert queue.acquire("first", timeout=1)
    order: list[int] = []

    def writer(n: int) -> None:
        assert queue.acquire(n, timeout=5)
        order.append(n)
        queue.release(n)

    threads = []
    for n in range(6):
        thread = threading.Thread(target=writer, args=(n,))
        thread.start()
        _wait_for_waiters(queue, n + 1)
        threads.append(thread)
    queue.release("first")
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4, 5]
    assert queue.owner is None and not queue._waiters


def test_a_writer_that_times_out_leaves_the_queue_intact() -> None:
    queue = WriterQueue()
    assert queue.acquire("holder", timeout=1)
    assert queue.acquire("impatient", timeout=0.05) is False
    assert not queue._waiters
    queue.release("impatient")  # not the owner: changes nothing
    assert queue.owner == "holder"
    queue.release("holder")
    assert queue.acquire("next", timeout=0.05)


def _insert_rows(path: str, rows: int) -> None:
    engine = make_engine(f"sqlite:///{path}")
    for _ in range(rows):
        with Session(engine) as session:
            value = session.execute(text("SELECT COALESCE(MAX(n), 0) FROM counter")).scalar_one()
            session.execute(text("INSERT INTO counter (n) VALUES (:n)"), {"n": value + 1})
            session.commit()
    engine.dispose()


def test_threads_and_processes_share_the_database_without_lost_updates(tmp_path: Path) -> None:
    """Read-then-write under the queue: any overlap would repeat a number."""
    path = str(tmp_path / "queue.db")
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER UNIQUE)"))
    context = multiprocessing.get_context("spawn")
    other = context.Process(target=_insert_rows, args=(path, 40))
    other.start()
    threads = [threading.Thread(target=_insert_rows, args=(path, 20)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    other.join(60)
    assert other.exitcode == 0
    with engine.connect() as conn:
        numbers = conn.execute(text("SELECT n FROM counter ORDER BY n")).scalars().all()
    assert numbers == list(range(1, 121))
    assert Path(path + ".writer-lock").exists()
    engine.dispose()


def test_a_session_closed_without_commit_hands_the_turn_on(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rollback.db'}", busy_timeout_ms=2000)
    with Session(engine) as session:
        session.execute(text("SELECT 1"))  # opens the write transaction, then abandoned
    done = threading.Event()

    def second_writer() -> None:
        with Session(engine) as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            session.commit()
        done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(5)
    assert done.is_set()
    engine.dispose()


def test_a_read_first_session_reads_beside_a_writer_and_writes_after_it(tmp_path: Path) -> None:
    """SQLite refuses to upgrade a stale read snapshot; read-first sessions never try."""
    engine = make_engine(f"sqlite:///{tmp_path / 'read_first.db'}", busy_timeout_ms=5000)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE event (n INTEGER)"))
        conn.execute(text("INSERT INTO event (n) VALUES (1)"))
    reader = Session(engine.execution_options(**READ_FIRST))
    writer = Session(engine)
    writer.execute(text("INSERT INTO event (n) VALUES (2)"))  # holds the write turn
    seen = reader.execute(text("SELECT COUNT(*) FROM event")).scalar_one()  # does not wait
    assert seen == 1
    writer.commit()  # the reader's snapshot is now stale
    reader.execute(text("INSERT INTO event (n) VALUES (3)"))
    reader.commit()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT n FROM event ORDER BY n")).scalars().all()
    assert rows == [1, 2, 3]
    reader.close()
    writer.close()
    engine.dispose()
