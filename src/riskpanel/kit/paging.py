"""Numbered pages for the lists people read on the web: 50 rows a page, newest first.

The API pages with opaque keyset cursors (``kit.pagination``), which suit systems that poll.
People want "page 3 of 7" and a link they can send a colleague, so the web lists page by
number; this module is the framework-free half (which rows, which links), and
``db.fetch_page`` runs a query for one page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from riskpanel.kit.text import is_ascii_digits

PAGE_SIZE = 50
MAX_PAGE = 10_000  # far past any real list; keeps OFFSET sane whatever is typed in the URL

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class PageRequest:
    """Which page was asked for. Anything that is not a page number means the first page:
    a mistyped link should still show the list, not an error."""

    number: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def parse(cls, raw: str | None, size: int = PAGE_SIZE) -> PageRequest:
        if raw and is_ascii_digits(raw) and len(raw) <= 6:
            return cls(min(max(int(raw), 1), MAX_PAGE), size)
        return cls(1, size)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what the GOV.UK pagination component needs to link on."""

    items: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_shown(self) -> int:
        return 0 if not self.items else (self.number - 1) * self.size + 1

    @property
    def last_shown(self) -> int:
        return 0 if not self.items else self.first_shown + len(self.items) - 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def numbers(self) -> list[int | None]:
        """The page numbers to link, ``None`` for an ellipsis: the first, the last, and the
        current page with its neighbours (GOV.UK pagination's own pattern)."""
        wanted = {1, self.pages, self.number - 1, self.number, self.number + 1}
        shown = sorted(n for n in wanted if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return self.with_items([convert(i) for i in self.items])

    def with_items(self, items: list[U]) -> Page[U]:
        """The same page holding ``items`` (the rows as the caller may see them)."""
        return Page(items, self.number, self.size, self.total)


@dataclass(frozen=True)
class ListQuery:
    """A list's search and filters, read from the query string so a list is a link.

    ``q`` finds a reference (and a victim's name, for the roles that may see names); the
    others narrow by state (or status), risk level, agency and whether anything is overdue.
    Values are kept as typed; each repository compares them with bound parameters."""

    q: str = ""
    state: str = ""
    risk: str = ""
    agency_id: int | None = None
    overdue: bool = False

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> ListQuery:
        agency = (params.get("agency") or "").strip()
        return cls(
            q=" ".join((params.get("q") or "").split())[:100],
            state=(params.get("state") or "").strip()[:40],
            risk=(params.get("risk") or "").strip()[:20],
            agency_id=int(agency) if is_ascii_digits(agency) and len(agency) <= 9 else None,
            overdue=(params.get("overdue") or "") in ("yes", "true", "1"),
        )

    def link(self, **changes: object) -> str:
        """The query string for this list with ``changes`` (``page=2``), empty values left out."""
        values: dict[str, object] = {
            "q": self.q,
            "state": self.state,
            "risk": self.risk,
            "agency": self.agency_id or "",
            "overdue": "yes" if self.overdue else "",
        }
        values.update(changes)
        return urlencode([(k, str(v)) for k, v in values.items() if v not in ("", None)])

    def logged(self, names: bool) -> dict[str, str]:
        """What the access log keeps of a search: that there was one, and whether it could
        match names (a read of names); never the words typed, which may be a name."""
        if not self.q:
            return {}
        return {"search": "reference_or_victim_name" if names else "reference"}

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.state or self.risk or self.agency_id or self.overdue)
