"""Scrutiny figures: drafting a pack (redaction with the panel deny-list), releasing it, the
partnership statistics over every concluded case, and the pack PDF.

    .venv/bin/python bench/bench_scrutiny.py [--cases 400] [--extra-people 3000] [--sample 50]
    .venv/bin/python bench/bench_scrutiny.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Cases come from the tests' factory (Faker en_GB, synthetic); ``--extra-people`` adds people
to the panel (referral victims) so the deny-list is as large as a busy panel's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, text
from sqlmodel import Session

from riskpanel import migrate
from riskpanel.config import Settings
from riskpanel.db import get_engine
from riskpanel.documents import render_pdf
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Person, Referral
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as packs
from riskpanel.scrutiny.packs.pdf import pack_document
from riskpanel.scrutiny.packs.projections import released_pack_out
from riskpanel.scrutiny.packs.schemas import PackCreate
from riskpanel.scrutiny.statistics import service as figures
from riskpanel.scrutiny.summaries.repository import summaries_of

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' factory makes the synthetic partnership
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


def timed(label: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    out = fn()
    print(f"{label:<48} {time.perf_counter() - start:8.2f} s")
    return out


@contextmanager
def database(pg: str | None) -> Iterator[str]:
    if pg is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    name = f"rp_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def populate(session: Session, settings: Settings, cases: int, extra: int) -> Any:
    from tests.fixtures import build_world
    from tests.scrutiny.factories import ScrutinyFactory

    world = build_world(session, settings)
    factory = ScrutinyFactory(session, world, seed=1)
    for i in range(cases):
        factory.closed_case(strands=("race",) if i % 3 else ("religion", "disability"))
    now = datetime.now(UTC)
    for i in range(extra):
        person = Person(
            given_name=factory.fake.first_name(),
            family_name=factory.fake.last_name(),
            address_line=factory.fake.street_address().replace("\n", ", "),
        )
        session.add(person)
        session.flush()
        session.add(
            Referral(
                reference=f"RB-{i}",
                panel_id=world.panel.id or 0,
                victim_person_id=person.id or 0,
                received_at=now,
            )
        )
    session.commit()
    return world


def run(url: str, cases: int, extra: int, sample: int) -> None:
    migrate.upgrade(url)
    settings = Settings(environment="test", database_url=url, secret_key="b" * 40)
    engine = get_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        world = timed(
            f"populate {cases} cases + {extra} people",
            lambda: populate(session, settings, cases, extra),
        )
        coordinator = Principal(role=Role.COORDINATOR, label="bench", panel_id=world.panel.id)
        caller = Caller(coordinator, settings)
        data = PackCreate(period_start=PERIOD[0], period_end=PERIOD[1], sample_size=sample, seed=1)
        pack = timed(
            f"draft a pack of {sample} (redaction, deny-list)",
            lambda: packs.create_pack(session=session, caller=caller, data=data),
        )
        session.commit()
        for s in summaries_of(session, pack):
            s.reviewed = True
            session.add(s)
        timed(
            "release (k-anonymity, statistics, hash)",
            lambda: releases.release_pack(
                session=session, caller=caller, pack=pack, recipients=["bench"]
            ),
        )
        session.commit()
        timed(
            f"partnership statistics over {cases} cases",
            lambda: figures.partnership_statistics(
                session=session, caller=caller, start=PERIOD[0], end=PERIOD[1]
            ),
        )
        view = pack_document(
            released_pack_out(pack, summaries_of(session, pack)), panel_name="Bench"
        )
        pdf = timed(
            f"render the pack PDF ({len(view.summaries)} summaries)",
            lambda: render_pdf("scrutiny_pack", view, templates_dir=settings.templates_dir),
        )
        print(f"PDF size {len(pdf) / 1024:.0f} KiB")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--extra-people", type=int, default=3000)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--pg", help="PostgreSQL admin URL (a scratch database is made)")
    args = parser.parse_args()
    with database(args.pg) as url:
        run(url, args.cases, args.extra_people, args.sample)


if __name__ == "__main__":
    main()
