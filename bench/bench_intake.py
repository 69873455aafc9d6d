"""Referral intake latency with a large panel: validation, people, incidents, the flag check,
the matching prefilter and scoring, routes, Victims' Code timers and audit rows.

    .venv/bin/python bench/bench_intake.py [--victims 20000] [--referrals 200]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--no-sqlite]

The panel is seeded with ``--victims`` synthetic victims (each with a referral), then
``--referrals`` referrals are posted in-process (FastAPI TestClient, agency API key), a
tenth of them the same person as a seeded victim under a name variant, so matching finds and
scores real candidates. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-key-" + "k" * 32
FIRST = [
    "Amara",
    "Tomasz",
    "Leyla",
    "Dev",
    "Siobhan",
    "Mohammed",
    "Priya",
    "Yusuf",
    "Aisha",
    "Wojciech",
    "Chukwuemeka",
    "Fatima",
    "Dmitri",
    "Olusegun",
    "Katherine",
    "Jamal",
]
LAST = [
    "Okonkwo",
    "Nowak",
    "Karimi",
    "Patel",
    "Walsh",
    "Hussain",
    "Sharma",
    "Demir",
    "Begum",
    "Kowalski",
    "Adeyemi",
    "Ivanova",
    "Cole",
    "Ahmed",
    "Brennan",
    "Said",
    "Osei",
    "Li",
]


def seed(url: str, victims: int) -> tuple[dict[str, str], int, list[tuple[str, str, date]]]:
    from sqlalchemy import text
    from sqlmodel import Session
    from tests.fixtures import build_world

    from riskpanel import migrate
    from riskpanel.config import Settings
    from riskpanel.db import make_engine
    from riskpanel.models import Person, Referral
    from riskpanel.people.match_keys import name_key

    migrate.upgrade(url)
    settings = Settings(environment="test", database_url=url, secret_key=SECRET)
    engine = make_engine(url)
    rng = random.Random(7)
    people = []
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session, settings)
        panel_id = world.panel.id or 0
        for start in range(0, victims, 2000):
            batch = []
            for _ in range(start, min(start + 2000, victims)):
                first, last = rng.choice(FIRST), rng.choice(LAST) + str(rng.randint(1, 400))
                dob = date(1940, 1, 1) + timedelta(days=rng.randint(0, 25000))
                batch.append(
                    Person(
                        given_name=first,
                        family_name=last,
                        date_of_birth=dob,
                        postcode=f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}AB",
                        name_key=name_key(first, last),
                    )
                )
                people.append((first, last, dob))
            session.add_all(batch)
            session.flush()
            session.add_all(
                Referral(
                    reference=f"SEED-{uuid.uuid4().hex[:20]}",
                    panel_id=panel_id,
                    victim_person_id=p.id or 0,
                    status="received",
                )
                for p in batch
            )
            session.commit()
    if engine.dialect.name == "postgresql":  # as autovacuum would: plans need statistics
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return world.tokens, panel_id, people


def body(panel_id: int, victim: tuple[str, str, date], i: int) -> dict:
    first, last, dob = victim
    occurred = date.today() - timedelta(days=3)
    return {
        "panel_id": panel_id,
        "victim": {
            "given_name": first,
            "family_name": last,
            "date_of_birth": dob.isoformat(),
            "postcode": "LS6 2AB",
            "lawful_basis": "law_enforcement",
        },
        "incidents": [
            {
                "kind": "crime",
                "occurred_on": occurred.isoformat(),
                "reported_at": f"{occurred.isoformat()}T12:00:00+00:00",
                "strands": ["race"],
                "perceived_by": "victim",
                "place": "opp. the Co-op, High St",
            }
        ],
        "perpetrators": [{"known": False, "is_group": True}],
        "narrative": f"Referral {i}: shouted at about where she comes from outside the mosque.",
        "why_answer": "Because of my religion.",
        "consent": {"victim_aware": True, "victim_consents": True},
    }


def run(url: str, victims: int, referrals: int) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from riskpanel.config import Settings
    from riskpanel.main import create_app

    tokens, panel_id, people = seed(url, victims)
    app = create_app(Settings(environment="test", database_url=url, secret_key=SECRET))
    headers = {"Authorization": f"Bearer {tokens['police_system']}"}
    rng, latencies, matched = random.Random(11), [], 0
    with TestClient(app) as client:
        for i in range(referrals):
            known = rng.random() < 0.1
            who = rng.choice(people) if known else ("Zed", f"Unique{i}", date(2000, 1, 1))
            started = time.perf_counter()
            r = client.post("/api/v1/referrals", json=body(panel_id, who, i), headers=headers)
            latencies.append(time.perf_counter() - started)
            assert r.status_code == 201, r.text
            matched += known
    latencies.sort()
    return {
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "per_s": len(latencies) / sum(latencies),
        "known": matched,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=20000)
    parser.add_argument("--referrals", type=int, default=200)
    parser.add_argument("--pg", default=None, help="PostgreSQL admin URL (database created)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    rows = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(("SQLite", run(f"sqlite:///{tmp}/bench.db", args.victims, args.referrals)))
    if args.pg:
        from sqlalchemy import create_engine, text

        name = f"rp_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = args.pg.rsplit("/", 1)[0] + "/" + name
            rows.append(("PostgreSQL", run(url, args.victims, args.referrals)))
        finally:
            from riskpanel.db import dispose_engines

            dispose_engines()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(f"victims in panel: {args.victims}; referrals posted: {args.referrals}\n")
    print("| backend | median ms | p95 ms | referrals/s (serial) | of which known victims |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, r in rows:
        print(
            f"| {label} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {r['per_s']:.1f} | "
            f"{r['known']:.0f} |"
        )


if __name__ == "__main__":
    main()
