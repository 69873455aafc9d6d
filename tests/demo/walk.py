"""Walk the demo's pages as a person in each role would, and read what they say.

Issue 21: no engine word reaches a person. A page or a PDF must not show a stored code
(``not_possible_circumstances_changed``), Python's ``None``, pydantic's "Value error", the
engine's "Transition:" or a guard's "condition". The walk follows the links each role is
shown, from its home page and navigation, and also visits one case, referral and action
in every state (the links alone might reach only the newest). Pages of one shape are
visited a few times each, so the walk stays quick on the demo's 60 referrals.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from tests.web.helpers import text

ENGINE_WORDS: dict[str, re.Pattern[str]] = {
    # an API key's public prefix (rpk_1a2b...) is how people tell keys apart: not a code
    "a snake_case code": re.compile(r"\b(?!rpk_)[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "None": re.compile(r"\bNone\b"),
    "Value error": re.compile(r"Value error", re.I),
    "Transition:": re.compile(r"Transition:"),
    "engine condition text": re.compile(r"\bcondition\b[^.]{0,80}\bis not met\b|\(condition\b"),
}
SKIP = ("/sign-out", "/sign-in", "/invitations", "/api/", "/static/", "/docs", "/redoc", "/openapi")
PER_SHAPE = 1  # pages of one shape (ids ignored) visited per role, besides the seeds
LINK = re.compile(r'href="(/[^"#]*)"')


def shape(path: str) -> str:
    """Pages of one shape: ids ignored, and a query by its keys only (cursors differ)."""
    route, _, query = path.partition("?")
    keys = sorted(part.split("=", 1)[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "#", route) + "?" + "&".join(keys)


def engine_words(page_text: str) -> list[str]:
    """Each engine word found, with a little of the text around it."""
    found = []
    for name, pattern in ENGINE_WORDS.items():
        for match in pattern.finditer(page_text):
            start = max(match.start() - 40, 0)
            found.append(f"{name}: …{page_text[start : match.end() + 40]}…")
    return found


@dataclass
class Walk:
    """What one role's walk read: pages by path, and what each said it should not."""

    role: str
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)


def walk(client: TestClient, role: str, seeds: Iterable[str], *, follow: bool = True) -> Walk:
    """Breadth first from `seeds` over the role's own links (GET only, HTML only); with
    `follow=False`, the seeds only."""
    result = Walk(role)
    first = set(seeds)
    queue, seen, shapes = deque(first), set[str](), Counter[str]()
    while queue:
        path = queue.popleft().replace("&amp;", "&")
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        if shapes[shape(path)] >= PER_SHAPE and path not in first:
            continue
        shapes[shape(path)] += 1
        began = time.perf_counter()
        r = client.get(path, follow_redirects=True)
        result.seconds[path] = time.perf_counter() - began
        assert r.status_code < 500, (role, path, r.status_code)
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        result.pages += 1
        problems = engine_words(text(r.text))
        if problems:
            result.problems[path] = problems
        if follow:
            queue.extend(link for link in LINK.findall(r.text) if link not in seen)
    return result
