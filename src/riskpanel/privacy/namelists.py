"""Generic given-name and family-name lists drawn from Faker's person providers.

docs/PRIVACY.md warns that a generic name list is biased (0.99 for British names, 0.17-0.25 for
others), so the redactor treats a list hit as one cue among several, mostly to decide about a
capitalised word at the start of a sentence. Drawing from many locales narrows the bias; it
does not remove it. Faker is already a dependency, so the lists are built offline, once, on
first use.

The bench keeps a few Faker locales out of this list on purpose (see ``HELD_OUT_LOCALES``) so
that it can report how the redactor does on names of origins no list knows.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from riskpanel.privacy.vocab import HOSTILITY_WORDS, common_words

#: Locales with Latin-script (or romanised) names used to build the lists.
NAME_LOCALES: tuple[str, ...] = (
    "en_GB", "en_IE", "ga_IE", "en_US", "en_IN", "en_PK", "en_NG", "yo_NG", "ha_NG",
    "en_KE", "fr_DZ", "pl_PL", "ro_RO", "tr_TR", "lt_LT", "cs_CZ", "sk_SK", "hu_HU",
    "hr_HR", "sl_SI", "pt_PT", "pt_BR", "es_ES", "es_MX", "it_IT", "fr_FR", "de_DE",
    "nl_NL", "id_ID", "vi_VN", "fi_FI", "sv_SE", "da_DK", "no_NO", "et_EE",
)  # fmt: skip

#: Locales deliberately left out of the lists so the bench can measure unseen origins.
HELD_OUT_LOCALES: tuple[str, ...] = ("sw", "zu_ZA", "tw_GH", "uz_UZ", "az_AZ", "ig_NG", "lv_LV")

_LATIN_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'\u2019-]{2,}$")


def fold(word: str) -> str:
    """Lower-case and strip diacritics so "Łukasz" and "LUKASZ" look the same."""
    lowered = word.lower().replace("ł", "l").replace("\u0131", "i").replace("\u2019", "'")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _attribute_names(provider: type) -> Iterable[str]:
    for name in dir(provider):
        if name.startswith("_"):
            continue
        if ("first_name" in name or "last_name" in name) and name.endswith("s"):
            yield name


def _collect(locales: Iterable[str], part: str) -> set[str]:
    words: set[str] = set()
    for locale in locales:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:  # pragma: no cover - depends on the Faker version installed
            continue
        provider = module.Provider
        for attr in _attribute_names(provider):
            if part not in attr:
                continue
            values = getattr(provider, attr)
            if callable(values) or isinstance(values, str):
                continue
            for entry in values:
                for token in str(entry).split():
                    if _LATIN_WORD.match(token):
                        words.add(fold(token))
    return words


@cache
def listed_given_names() -> frozenset[str]:
    """Every folded given name in the lists, ordinary words included ("hope", "june").

    Used where a word's being a possible name is the only evidence wanted: "Hope" before
    "Smith" at the start of a sentence may be a name, "Call" before "Anna" is not.
    """
    return frozenset(_collect(NAME_LOCALES, "first_name"))


@cache
def listed_family_names() -> frozenset[str]:
    """Every folded family name in the lists, ordinary words included ("ford", "north")."""
    return frozenset(_collect(NAME_LOCALES, "last_name"))


@cache
def given_names() -> frozenset[str]:
    """Folded given names from every locale in ``NAME_LOCALES``, minus common words."""
    return listed_given_names() - common_words() - HOSTILITY_WORDS


@cache
def family_names() -> frozenset[str]:
    """Folded family names from every locale in ``NAME_LOCALES``, minus common words."""
    return listed_family_names() - common_words() - HOSTILITY_WORDS
