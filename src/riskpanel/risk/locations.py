"""Keys for linking recurring places and online accounts across cases (intelligence).

HMICFRS (2018) found too little intelligence gathered: the same bus stop, shop or account
handle turns up in several victims' cases without anyone noticing. Two mentions of one place
or account should produce the same key, so a plain equality join can find them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from riskpanel.risk.names import fold

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_HANDLE = re.compile(r"^@?([A-Za-z0-9_.\-]{1,64})$")
# URL hosts -> one platform name, so x.com and twitter.com links to one account agree.
_PLATFORMS = {
    "twitter.com": "x",
    "x.com": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "reddit.com": "reddit",
    "snapchat.com": "snapchat",
    "threads.net": "threads",
    "bsky.app": "bluesky",
    "t.me": "telegram",
}
_STREET_WORDS = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "ln": "lane",
    "sq": "square",
    "pl": "place",
    "cres": "crescent",
    "cl": "close",
    "ct": "court",
    "dr": "drive",
    "gdns": "gardens",
    "pk": "park",
    "hse": "house",
    "stn": "station",
}
_NOISE = frozenset({"the", "outside", "near", "opposite", "opp", "by", "at"})


class LocationKind(StrEnum):
    POSTCODE = "postcode"
    HANDLE = "handle"
    PLACE = "place"


@dataclass(frozen=True)
class NormalisedLocation:
    kind: LocationKind
    key: str
    platform: str | None = None


def _from_url(value: str) -> NormalisedLocation | None:
    parts = urlsplit(value if "://" in value else "https://" + value)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    platform = _PLATFORMS.get(host)
    segments = [p for p in parts.path.split("/") if p]
    if platform is None or not segments:
        return None
    handle = segments[-1] if segments[0] in {"user", "u", "c", "profile"} else segments[0]
    handle = handle.lstrip("@").casefold()
    return NormalisedLocation(LocationKind.HANDLE, f"{platform}:{handle}", platform)


def normalise_location(value: str, platform: str | None = None) -> NormalisedLocation:
    """A join key for a place, a postcode or an account handle (with its platform if known).

    ``"https://x.com/Some_User"``, ``"@some_user"`` on platform ``"twitter.com"`` and
    ``"some_user"`` on ``"x"`` all give ``x:some_user``; ``"opp. the Co-op, High St"`` and
    ``"Co-op High Street"`` give the same place key.
    """
    text = value.strip()
    compact = text.upper().replace(" ", "")
    if _POSTCODE.match(compact):
        return NormalisedLocation(LocationKind.POSTCODE, f"{compact[:-3]} {compact[-3:]}")
    if "/" in text and "." in text:
        found = _from_url(text)
        if found is not None:
            return found
    if platform is not None or text.startswith("@"):
        match = _HANDLE.match(text)
        if match:
            name = (platform or "").strip().casefold().removeprefix("www.")
            name = _PLATFORMS.get(name, name) or "unknown"
            return NormalisedLocation(LocationKind.HANDLE, f"{name}:{match[1].casefold()}", name)
    words = [_STREET_WORDS.get(w, w) for w in fold(text).split()]
    words = [w for w in words if w not in _NOISE]
    return NormalisedLocation(LocationKind.PLACE, " ".join(words))
