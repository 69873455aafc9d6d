"""The three risk levels and their order.

Levels are compared everywhere (judgement may only raise, routes fire "at or above high"), and
the level names sort the wrong way alphabetically ("high" < "medium" < "standard"), so the
comparison operators are defined by rank rather than inherited from ``str``.
"""

from __future__ import annotations

from enum import StrEnum


class RiskLevel(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def _other_rank(self, other: object) -> int:
        if isinstance(other, RiskLevel):
            return other.rank
        if isinstance(other, str) and other in _RANK:
            return _RANK[RiskLevel(other)]
        raise TypeError(f"cannot compare a risk level with {other!r}")

    def __lt__(self, other: str) -> bool:
        return self.rank < self._other_rank(other)

    def __le__(self, other: str) -> bool:
        return self.rank <= self._other_rank(other)

    def __gt__(self, other: str) -> bool:
        return self.rank > self._other_rank(other)

    def __ge__(self, other: str) -> bool:
        return self.rank >= self._other_rank(other)

    # Equality and hashing stay those of str so levels still work as dict keys and JSON.
    __hash__ = str.__hash__


_RANK = {RiskLevel.STANDARD: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


def highest(*levels: RiskLevel | None) -> RiskLevel:
    """The highest of the given levels; ``standard`` when none is given."""
    present = [lv for lv in levels if lv is not None]
    return max(present, key=lambda lv: lv.rank, default=RiskLevel.STANDARD)
