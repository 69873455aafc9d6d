"""Bulk loading for bench/bench_scale.py: a partnership through the services, then synthetic
cases, victims, referrals and actions with COPY, and access-log rows generated in PostgreSQL.

Every row is built from the case number with its own seeded random generator, so a run is
the same every time; names come from Faker en_GB pools.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

PANELS, AGENCIES_PER_PANEL = 10, 9
KINDS = [
    "police",
    "housing",
    "adult_social_care",
    "childrens_services",
    "health",
    "education",
    "victim_support",
    "community_organisation",
    "probation",
]
# Cases accumulate: most are closed, a steady share are being worked on.
STATES = {
    "referred": 2,
    "screening": 3,
    "info_requested": 1,
    "accepted": 2,
    "listed": 3,
    "heard": 1,
    "actions_open": 8,
    "review": 3,
    "monitoring": 7,
    "closed": 65,
    "rejected": 3,
    "withdrawn": 2,
}
ENDED = {"closed", "rejected", "withdrawn"}
ACTIVE = {"actions_open", "review", "monitoring", "heard"}
PROGRESS = ["open", "acknowledged", "in_progress", "completed"]
NO_ACTIONS = {
    "referred",
    "screening",
    "info_requested",
    "accepted",
    "listed",
    "rejected",
    "withdrawn",
}


@dataclass
class Partnership:
    panels: list[int]
    agencies: dict[int, list[int]]  # panel id -> its agencies (police first)
    coordinator: dict[int, int]  # panel id -> user id


# ---- database --------------------------------------------------------------------------


@contextmanager
def scratch_database(admin_url: str, keep: bool) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"rp_bench_scale_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        if keep:
            print(f"kept database {name}")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def partnership(url: str) -> Partnership:
    """Panels, agencies, memberships and coordinators through the services."""
    from sqlmodel import Session

    from riskpanel.agencies.schemas import AgencyCreate
    from riskpanel.agencies.service import create_agency
    from riskpanel.auth.service import create_user
    from riskpanel.db import make_engine
    from riskpanel.models.enums import AgencyKind
    from riskpanel.panels.schemas import PanelCreate
    from riskpanel.panels.service import create_panel

    engine = make_engine(url)
    result = Partnership([], {}, {})
    with Session(engine, expire_on_commit=False) as session:
        for p in range(PANELS):
            agencies = [
                create_agency(
                    session=session,
                    data=AgencyCreate(
                        name=f"Area {p + 1} {kind.replace('_', ' ')}",
                        kind=AgencyKind(kind),
                        isa_signed_on=date(2024, 1, 1),
                        isa_expires_on=date(2035, 1, 1),
                    ),
                ).id
                or 0
                for kind in KINDS[:AGENCIES_PER_PANEL]
            ]
            panel = create_panel(
                session=session,
                data=PanelCreate(
                    name=f"Area {p + 1} panel", area=f"Area {p + 1}", member_agency_ids=agencies
                ),
            )
            user = create_user(
                session=session,
                email=f"coordinator{p + 1}@scale.example",
                display_name=f"Coordinator {p + 1}",
                role="coordinator",
                panel_id=panel.id,
            )
            result.panels.append(panel.id or 0)
            result.agencies[panel.id or 0] = agencies
            result.coordinator[panel.id or 0] = user.id or 0
        session.commit()
    engine.dispose()
    return result


def connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def next_id(cur: Any, table: str) -> int:
    cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return int(cur.fetchone()[0])


def copy_rows(cur: Any, table: str, rows: Iterator[dict[str, Any]]) -> int:
    """COPY dict rows; the first row names the columns (every row has the same keys)."""
    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write_row([first[c] for c in columns])
        n = 1
        for row in rows:
            copy.write_row([row[c] for c in columns])
            n += 1
    return n


class CaseFactory:
    """Synthetic rows for case number i, the same every run (seeded per case)."""

    def __init__(self, world: Partnership, now: datetime) -> None:
        from faker import Faker

        fake = Faker("en_GB")
        fake.seed_instance(2026)
        self.given = [fake.first_name() for _ in range(600)]
        self.family = [fake.last_name() for _ in range(600)]
        self.postcodes = [fake.postcode() for _ in range(600)]
        self.world, self.now = world, now
        weights = list(STATES.values())
        self.states = random.Random(7).choices(list(STATES), weights=weights, k=10_000)

    def case(self, i: int) -> dict[str, Any]:
        rng = random.Random(i)
        state = self.states[i % len(self.states)]
        opened = self.now - timedelta(days=rng.uniform(1, 6 * 365))
        closed = None
        if state in ENDED:
            closed = min(opened + timedelta(days=rng.uniform(30, 300)), self.now)
        panel = self.world.panels[i % len(self.world.panels)]
        return {
            "i": i,
            "rng": rng,
            "panel": panel,
            "state": state,
            "opened": opened,
            "closed": closed,
        }

    def person(self, c: dict[str, Any]) -> dict[str, Any]:
        rng = c["rng"]
        return {
            "given_name": rng.choice(self.given),
            "family_name": rng.choice(self.family),
            "postcode": rng.choice(self.postcodes),
            "district": f"District {c['i'] % 40}",
            "aliases": "[]",
            "safe_to_contact": True,
            "contact_preferences": "{}",
            "interpreter_needed": False,
            "consent_status": "given",
            "legal_hold": False,
            "created_at": c["opened"],
        }

    def case_file(self, c: dict[str, Any], person_id: int) -> dict[str, Any]:
        route = "repeat" if c["i"] % 3 else "high_risk"
        return {
            "reference": f"HC-S-{c['i']:08d}",
            "panel_id": c["panel"],
            "victim_person_id": person_id,
            "state": c["state"],
            "workflow_name": "hate_crime_panel",
            "workflow_version": 1,
            "route": route,
            "route_evidence": json.dumps([{"kind": route, "evidence": "synthetic"}]),
            "risk_level": c["rng"].choice(["standard", "medium", "high"]),
            "children_in_household": False,
            "strands_confirmed": True,
            "row_version": 1,
            "opened_at": c["opened"],
            "state_entered_at": c["closed"] or c["opened"],
            "last_referral_at": c["opened"],
            "closed_at": c["closed"],
            "legal_hold": False,
        }

    def referral(self, c: dict[str, Any], case_id: int, person_id: int) -> dict[str, Any]:
        agencies = self.world.agencies[c["panel"]]
        return {
            "reference": f"R-S-{c['i']:08d}",
            "panel_id": c["panel"],
            "case_id": case_id,
            "referring_agency_id": agencies[c["i"] % len(agencies)],
            "victim_person_id": person_id,
            "status": "accepted",
            "received_at": c["opened"],
            "narrative": "Synthetic narrative.",
            "why_answer": "Because of who I am.",
            "children_in_household": False,
            "vulnerable_adults_in_household": False,
            "victim_aware": True,
            "victim_consents": True,
            "flag_check": "{}",
            "community_trigger": False,
        }

    def actions(self, c: dict[str, Any], case_id: int) -> Iterator[dict[str, Any]]:
        """Three actions for three of the panel's agencies once a case has been heard."""
        if c["state"] in NO_ACTIONS:
            return
        rng: random.Random = c["rng"]
        for n, agency in enumerate(rng.sample(self.world.agencies[c["panel"]], 3)):
            if c["state"] in ENDED:
                progress, review = "completed", "completed"
            elif c["state"] in ACTIVE:
                progress, review = (
                    rng.choice(["open", "acknowledged", "in_progress", "completed"]),
                    None,
                )
            else:
                progress, review = "open", None
            yield {
                "reference": f"A-S-{c['i']:08d}-{n}",
                "case_id": case_id,
                "agency_id": agency,
                "description": "Visit and review door security.",
                "due_on": (c["opened"] + timedelta(days=rng.randint(14, 120))).date(),
                "progress": progress,
                "outcome": "done" if progress == "completed" else None,
                "overdue": False,
                "review_outcome": review,
                "row_version": 1,
                "created_at": c["opened"],
                "updated_at": c["opened"],
            }


def load_cases(url: str, factory: CaseFactory, start: int, stop: int) -> int:
    """Cases start..stop-1 with victim, referral, case_person and three actions each."""
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        pid, cid = next_id(cur, "person"), next_id(cur, "case_file")
        cases = list(enumerate(factory.case(i) for i in range(start, stop)))
        copy_rows(cur, "person", (factory.person(c) for _, c in cases))
        copy_rows(cur, "case_file", (factory.case_file(c, pid + k) for k, c in cases))
        copy_rows(cur, "referral", (factory.referral(c, cid + k, pid + k) for k, c in cases))
        victims = (
            {
                "case_id": cid + k,
                "person_id": pid + k,
                "role": "victim",
                "is_child": False,
                "known": True,
                "is_group": False,
            }
            for k, _ in cases
        )
        copy_rows(cur, "case_person", victims)
        made = copy_rows(cur, "action", (a for k, c in cases for a in factory.actions(c, cid + k)))
        for table in ("person", "case_file", "referral", "case_person", "action"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()
    return made


AUDIT_INSERT = """
INSERT INTO audit_event (at, action, purpose, actor_user_id, actor_role, actor_label,
    subject_type, subject_id, case_id, person_id, fields, recipients, detail, request_id)
SELECT c.opened_at + (g::float8 / %(per)s) * (coalesce(c.closed_at, now()) - c.opened_at),
    (ARRAY['consultation', 'consultation', 'consultation', 'alteration', 'disclosure'])[1 + g %% 5],
    'case_management', NULL,
    CASE WHEN g %% 3 = 0 THEN 'coordinator' ELSE 'agency_client' END, 'Synthetic actor',
    'case', c.id::text, c.id, c.victim_person_id, '["reference", "state"]', '[]', '{}',
    md5(c.id::text || ':' || g::text)
FROM case_file c CROSS JOIN generate_series(1, %(per)s) AS g
WHERE c.id >= %(first)s AND c.id < %(stop)s
"""


def audit_indexes(cur: Any) -> list[tuple[str, str]]:
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_event' "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
    )
    return [(str(n), str(d)) for n, d in cur.fetchall()]


def load_audit(url: str, *, first: int, stop: int, per: int, deadline: float) -> int:
    """`per` rows for each case with id in [first, stop), in batches, until the deadline.

    A big batch runs without the log's secondary indexes and rebuilds them after, the way
    a bulk load is done; the primary key stays."""
    batch = max(1, 500_000 // per)
    rows = (stop - first) * per
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET maintenance_work_mem = '1GB'")
        dropped = audit_indexes(cur) if rows > 1_000_000 else []
        for name, _ in dropped:
            cur.execute(f"DROP INDEX {name}")
        conn.commit()
        loaded = 0
        for low in range(first, stop, batch):
            if time.monotonic() > deadline:
                print(f"audit budget used up after {loaded:,} of {rows:,} rows", flush=True)
                break
            cur.execute(AUDIT_INSERT, {"per": per, "first": low, "stop": min(low + batch, stop)})
            loaded += cur.rowcount
            conn.commit()
        for _, definition in dropped:
            cur.execute(definition)
        cur.execute("ANALYZE")
        conn.commit()
    return loaded
