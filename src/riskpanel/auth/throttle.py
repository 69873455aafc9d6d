"""Sign-in throttle: an attempt is counted in the database before its password is judged.

Each attempt bumps two counters in one atomic upsert (``INSERT ... ON CONFLICT DO UPDATE
... RETURNING``): one for the account and one for the client address. On PostgreSQL the
upsert locks the counter row until the transaction ends; on SQLite every writing
transaction holds the database's writer lock. Either way two attempts, in any worker
process, never read the same count, so a parallel burst gets at most the limit judged.
The endpoint commits the count *before* the password is checked (``claim`` then commit
then ``sessions.sign_in``); a count that is only added after the check lets a burst of
parallel attempts all through, as it did before.

Windows are fixed: the first attempt opens a window of ``WINDOW``; when it has passed
the next attempt opens a new one. A right password resets its account's counter (only
the holder can do that) and takes its own attempt back off the address's counter, so
colleagues behind one office address are not held back by each other's successes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from riskpanel.access.secrets import hash_secret
from riskpanel.kit.errors import TooManyRequests
from riskpanel.models import SignInThrottle, UTCDateTime, utcnow

WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Claim:
    """The counters one attempt bumped; handed back to ``settle`` once it is judged."""

    account_key: str
    address_key: str


def account_key(email: str, key: str) -> str:
    """Keyed, so the table holds no email address."""
    return "account:" + hash_secret("login:" + email.strip().lower(), key)


def address_key(address: str | None, key: str) -> str:
    """Keyed, so the table holds no IP address; an unknown peer shares one counter."""
    return "address:" + hash_secret("client:" + (address or "unknown"), key)


def _bump(session: Session, key: str, now: datetime) -> tuple[int, datetime]:
    """Count one attempt and read back the window's count, in one statement."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = SignInThrottle.__table__  # type: ignore[attr-defined]
    first = insert(table).values(key=key, window_started_at=now, attempts=1)
    expired = col(SignInThrottle.window_started_at) <= literal(now - WINDOW, UTCDateTime())
    upsert = first.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "attempts": case((expired, 1), else_=col(SignInThrottle.attempts) + 1),
            "window_started_at": case(
                (expired, first.excluded.window_started_at),
                else_=col(SignInThrottle.window_started_at),
            ),
        },
    ).returning(table.c.attempts, table.c.window_started_at)
    attempts, started = session.execute(upsert).one()
    return int(attempts), started


def claim(
    *,
    session: Session,
    email: str,
    address: str | None,
    key: str,
    per_account: int,
    per_address: int,
    now: datetime | None = None,
) -> Claim:
    """Count this attempt against the account and the address, or refuse it (429).

    The caller must commit the session before judging the password, whatever the
    outcome; a refused attempt is counted too, so hammering never opens the door.
    """
    now = now or utcnow()
    taken = Claim(account_key(email, key), address_key(address, key))
    waits = []
    for counter, limit in ((taken.account_key, per_account), (taken.address_key, per_address)):
        attempts, started = _bump(session, counter, now)
        if attempts > max(limit, 1):
            waits.append(max(1, math.ceil((started + WINDOW - now).total_seconds())))
    if waits:
        wait = max(waits)
        raise TooManyRequests(
            "Too many sign-in attempts for this account or from this address; try again later.",
            headers={"Retry-After": str(wait)},
            extra={"retry_after": wait},
        )
    return taken


def settle(*, session: Session, taken: Claim) -> None:
    """After a right password: the account starts again, the address gets its attempt back."""
    session.execute(
        update(SignInThrottle)
        .where(col(SignInThrottle.key) == taken.account_key)
        .values(attempts=0)
    )
    session.execute(
        update(SignInThrottle)
        .where(col(SignInThrottle.key) == taken.address_key, col(SignInThrottle.attempts) > 0)
        .values(attempts=col(SignInThrottle.attempts) - 1)
    )


def purge(*, session: Session, now: datetime) -> int:
    """Counters whose window has passed say nothing any more."""
    result = session.execute(
        delete(SignInThrottle).where(col(SignInThrottle.window_started_at) < now - WINDOW)
    )
    return int(getattr(result, "rowcount", 0) or 0)
