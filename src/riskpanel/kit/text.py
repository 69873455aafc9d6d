"""What counts as acceptable text and as a number at the edges (framework-free).

Python's ``str.isdigit`` and ``int`` accept far more than ASCII digits ("²" is a digit to
``isdigit`` yet ``int`` refuses it, and "١٢" is twelve), so every number read from a path,
a header, a query string or a form goes through ``ascii_int``. Control characters are
refused in every text value: PostgreSQL cannot store NUL at all, SQLite stores it and
then truncates or mis-compares, and none of them belongs in a referral or a minute.
Tab, line feed and carriage return stay allowed, for multi-line text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

_ASCII_INT = re.compile(r"-?[0-9]{1,18}", re.ASCII)
# Unicode's control characters (category Cc: C0, DEL and C1) less tab, LF and CR.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def ascii_int(raw: str | None) -> int | None:
    """The number written in ASCII digits (an optional minus), or None for anything else."""
    if raw is None or not _ASCII_INT.fullmatch(raw):
        return None
    return int(raw)


def is_ascii_digits(raw: str | None) -> bool:
    """A non-negative whole number in ASCII digits: the only digits the edges accept."""
    return raw is not None and ascii_int(raw) is not None and not raw.startswith("-")


def control_character(value: str) -> str | None:
    """The first forbidden control character, named (``U+0000``), or None."""
    found = _CONTROL.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_in(value: Any) -> str | None:
    """Like ``control_character``, through lists and mappings (keys as well as values)."""
    if isinstance(value, str):
        return control_character(value)
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = control_character_in(key) or control_character_in(item)
            if found:
                return found
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            found = control_character_in(item)
            if found:
                return found
    return None


def control_message(code: str) -> str:
    """One wording everywhere, so clients can recognise the refusal."""
    name = " NUL" if code == "U+0000" else ""
    return f"text may not contain control characters (found {code}{name})"


class Named(Protocol):
    """A person as a row or a projection holds them."""

    @property
    def given_name(self) -> str | None: ...

    @property
    def family_name(self) -> str | None: ...


def full_name(person: Named | None) -> str | None:
    """A person's name as a list shows it ("Amara Okafor"), or None when none was given."""
    if person is None:
        return None
    return " ".join(p for p in (person.given_name, person.family_name) if p) or None
