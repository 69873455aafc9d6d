"""Optimistic concurrency with ETag / If-Match.

Changing a case, an action or minutes needs the ETag the client last saw: without it the
request is refused (428) rather than silently overwriting a colleague's change; with a
stale one it is refused (412). The version check itself happens in the service, against
the row locked in the same transaction, so exactly one of two racing writers wins.
"""

from __future__ import annotations

from riskpanel.kit.errors import PreconditionFailed, PreconditionRequired
from riskpanel.kit.text import is_ascii_digits


def etag(kind: str, object_id: int | None, row_version: int) -> str:
    return f'"{kind}-{object_id}-v{row_version}"'


def expected_version(if_match: str | None, *, kind: str, object_id: int | None) -> int:
    """The row version the client claims to have seen, from its If-Match header."""
    if not if_match:
        raise PreconditionRequired(
            "This change needs an If-Match header with the resource's current ETag.",
            extra={"header": "If-Match"},
        )
    prefix = f'"{kind}-{object_id}-v'
    for candidate in (part.strip().removeprefix("W/") for part in if_match.split(",")):
        if candidate.startswith(prefix) and candidate.endswith('"'):
            version = candidate[len(prefix) : -1]
            if is_ascii_digits(version):
                return int(version)
    raise PreconditionFailed(
        "If-Match does not name this resource; fetch it again for its current ETag.",
        extra={"header": "If-Match"},
    )


def check_version(*, kind: str, object_id: int | None, current: int, expected: int) -> None:
    if current != expected:
        raise PreconditionFailed(
            "The resource changed since you fetched it; fetch it again and retry.",
            extra={"current_etag": etag(kind, object_id, current)},
        )
