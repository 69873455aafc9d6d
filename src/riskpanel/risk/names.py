"""Normalising names and knowing which first names are the same person's.

Agencies record the same victim as "KOWALSKA, Małgorzata", "Gosia Kowalska" and
"Malgorzata Kowalska"; missing the link splits one victim's history across cases and hides
the repeat pattern the panel exists to see. Normalisation is deliberately plain (case,
accents, hyphens, apostrophes, "SURNAME, First" order) so its effect is easy to explain.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Small table of variant spellings and familiar forms, across the communities a UK panel
# serves. Each row is one group; a name may sit in more than one group (Alex).
NAME_VARIANT_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(row.split())
    for row in (
        "mohammed muhammad mohamed mohammad muhammed mohamad mohd md mo",
        "ahmed ahmad ahmet",
        "hussain hussein husain hossain",
        "yusuf yousef youssef yusef yousuf",
        "joseph joe joey",
        "ibrahim ebrahim",
        "aisha ayesha aysha aishah",
        "fatima fatimah fatma",
        "robert bob rob bobby robbie bert",
        "katherine kate catherine kathryn katie kathy cathy kat cath",
        "william bill will billy liam",
        "elizabeth liz beth lizzie betty eliza",
        "margaret maggie peggy meg",
        "richard dick rich rick ricky",
        "james jim jimmy jamie",
        "michael mike mick mikey",
        "alexander alex sasha aleksander aleksandr",
        "alexandra alex sandra sasha aleksandra",
        "christopher chris krzysztof",
        "wojciech wojtek",
        "malgorzata gosia",
        "agnieszka aga",
        "stephen steven steve stevie",
        "jonathan jon john johnny",
        "thomas tom tommy",
        "daniel dan danny",
        "samuel sam sammy",
        "samantha sam sammy",
        "rebecca becky becca",
        "olusegun segun",
        "oluwaseun seun",
        "oluwadamilare dami damilare",
        "chukwuemeka emeka",
        "siobhan shivaun",
        "sean shaun shawn",
        "francisco paco",
        "jose pepe",
        "giuseppe beppe",
        "ekaterina yekaterina katya",
        "dmitri dmitry dima",
    )
)

_SPACES = re.compile(r"\s+")
_DROP = re.compile(r"[^\w\s]")  # after hyphens became spaces: apostrophes, dots, commas
_TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "rev"])
# Letters NFKD does not split into a base letter plus accent.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "\u0131": "i",
    }
)


def fold(text: str) -> str:
    """Lower case, no accents, hyphens as spaces, other punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("-", " ").replace("\u2019", "").replace("'", "")
    text = _DROP.sub(" ", text.casefold())
    return _SPACES.sub(" ", text).strip()


def normalise_name(name: str) -> str:
    """A folded name without titles; ``"O'Brien-Smith"`` -> ``"obrien smith"``."""
    return " ".join(w for w in fold(name).split() if w not in _TITLES)


def split_full_name(full_name: str) -> tuple[str, str]:
    """``("first", "last")`` from ``"SURNAME, First"`` or ``"First Middle Surname"``."""
    if "," in full_name:
        last, _, first = full_name.partition(",")
        return normalise_name(first), normalise_name(last)
    words = normalise_name(full_name).split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


@cache
def _groups_of(name: str) -> frozenset[int]:
    return frozenset(i for i, group in enumerate(NAME_VARIANT_GROUPS) if name in group)


def are_variants(a: str, b: str) -> bool:
    """True when two folded first names share a variant group (Bob ~ Robert)."""
    return bool(_groups_of(a) & _groups_of(b))
