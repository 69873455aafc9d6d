"""A worker lets in only as many requests as it has threads and connections for."""

from __future__ import annotations

import asyncio
from typing import Any

from riskpanel.api.middleware import ConcurrencyLimitMiddleware


def test_requests_beyond_the_limit_wait_and_all_are_served() -> None:
    inside = 0
    most_inside = 0
    served: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal inside, most_inside
        inside += 1
        most_inside = max(most_inside, inside)
        await asyncio.sleep(0.01)
        inside -= 1
        served.append(scope["n"])

    async def main() -> None:
        limited = ConcurrencyLimitMiddleware(app, limit=3)
        await asyncio.gather(*(limited({"type": "http", "n": n}, None, None) for n in range(20)))

    asyncio.run(main())
    assert most_inside == 3
    assert sorted(served) == list(range(20))
    assert served[:3] == [0, 1, 2]  # first come, first served


def test_lifespan_events_are_not_held_back() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    async def main() -> None:
        limited = ConcurrencyLimitMiddleware(app, limit=1)
        await limited({"type": "lifespan"}, None, None)

    asyncio.run(main())
    assert seen == ["lifespan"]
