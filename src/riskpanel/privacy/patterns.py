"""UK identifier patterns: postcodes, phones, emails, NI numbers, registrations and the rest.

Each pattern is compiled once at import. Where a shape is ambiguous on its own (a bare
number, an outward postcode, a dateless registration) it is only taken after a cue word,
because removing every number would also remove the dates and counts a panel needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from riskpanel.privacy.spans import Candidate

_I = re.IGNORECASE
_B = r"(?<![\w@/])"  # start of a token that is not inside a word, email or path
_E = r"(?![\w/])"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:facebook|instagram|tiktok|twitter|x|youtube|snapchat|"
    r"linkedin|reddit|t)\.(?:com|me)/\S+",
    _I,
)
AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?")
SUBREDDIT_USER = re.compile(r"(?<![\w/])u/[A-Za-z0-9_-]{3,20}")
_PLATFORM = (
    r"(?:tik\s?tok|instagram|insta|facebook|fb|snapchat|snap|twitter|x|youtube|reddit|"
    r"telegram|discord|twitch|whatsapp|threads|bluesky|kik|xbox|playstation|psn|steam)"
)
_OPEN_QUOTE = r"[\"'\u201c\u2018]?"
_CLOSE_QUOTE = r"[\"'\u201d\u2019]?"
_HANDLE_TOKEN = _OPEN_QUOTE + r"(?P<h>@?[A-Za-z0-9_][\w.\-]{1,30}[A-Za-z0-9_])" + _CLOSE_QUOTE
PLATFORM_HANDLE = re.compile(
    rf"\b{_PLATFORM}(?:\s+(?:account|profile|page|user(?:name)?|handle|name|channel|group))?"
    rf"\s*(?:,\s*)?(?:as|called|named|under|by|user|username|handle|account|:|-|is)\s+"
    rf"(?:the\s+(?:name|handle|username)\s+)?{_HANDLE_TOKEN}",
    _I,
)
#: "the suspect posts as gaz_p88": a verb of posting, then a handle-shaped word.
POSTS_AS = re.compile(
    r"\b(?:posts|posted|posting|tweets|tweeted|streams|streamed|goes\s+by|known\s+online)"
    rf"(?:\s+online|\s+on\s+\w+)?\s+(?:as|under)\s+{_HANDLE_TOKEN}",
    _I,
)
#: Words that only a username looks like: "gaz_p88", "the_real_kasia", "mende8459".
HANDLE_SHAPE = re.compile(
    r"(?<![\w@./-])(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+_?|[a-z]{3,}\d{2,}|"
    r"[a-z]{2,}\.(?:x|uk|official|real|[a-z]{1,3}\d+))(?![\w@/-])"
)
HANDLE_CUE = re.compile(
    rf"\b(?:user\s?name|handle|account\s+name|profile\s+name|gamer\s?tag|screen\s?name|"
    rf"display\s+name)s?\s*(?:is|was|of|:|-)?\s*{_HANDLE_TOKEN}",
    _I,
)

POSTCODE = re.compile(rf"{_B}(?:[A-Z]{{1,2}}\d[A-Z\d]?|GIR)\s?\d[A-Z]{{2}}{_E}", _I)
PARTIAL_POSTCODE = re.compile(
    r"\b(?:postcode|post\s+code)(?:\s+(?:district|area|sector))?\s*(?:of|is|:)?\s*"
    r"(?P<p>[A-Z]{1,2}\d[A-Z\d]?(?:\s?\d)?)\b|"
    r"\b(?P<q>[A-Z]{1,2}\d[A-Z\d]?)\s+(?:area|district|postcode)\b",
)

_SEP = r"[\s\-.]?"
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0|0)"
    r"(?:\d[\s\-.)]{0,2}){9,10}(?<=\d)(?![\d/])",
)

NI_NUMBER = re.compile(
    rf"{_B}[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    rf"{_SEP}[A-DT]{_E}",
    _I,
)

VEHICLE = re.compile(
    rf"{_B}(?:[A-Z]{{2}}\d{{2}}\s?[A-Z]{{3}}|[A-Z]\d{{1,3}}\s?[A-Z]{{3}}|"
    rf"[A-Z]{{3}}\s?\d{{1,3}}\s?[A-Z]){_E}"
)
VEHICLE_CUE = re.compile(
    r"\b(?:reg(?:istration)?|VRM|index|number\s+plate|plate|vehicle)"
    r"(?:\s+(?:number|no\.?|mark|plate))?\s*(?:is|was|of|:|-)?\s*"
    r"(?P<v>(?=[A-Z0-9 ]*\d)(?=[A-Z0-9 ]*[A-Z])[A-Z0-9]{1,4}\s?[A-Z0-9]{1,4})\b",
    _I,
)

_REF_CODE = r"(?P<r>(?=[A-Z0-9/\-.]*\d)[A-Z0-9][A-Z0-9/\-.]*[A-Z0-9])"
CRIME_REF_CUE = re.compile(
    r"\b(?:crime\s+(?:ref(?:erence)?|number|no\.?|report)(?:\s+(?:number|no\.?))?|"
    r"ref(?:erence)?(?:\s+(?:number|no\.?))?|CAD(?:\s+(?:log|number|no\.?|ref))?|URN|"
    r"log(?:\s+(?:number|no\.?|ref))?|incident(?:\s+(?:number|no\.?|log|ref))|"
    r"occurrence(?:\s+(?:number|no\.?|ref))?|CRN|case\s+(?:number|no\.?|ref(?:erence)?)|"
    r"job\s+(?:number|no\.?)|niche(?:\s+ref)?|storm(?:\s+(?:ref|log))?|athena(?:\s+ref)?|"
    r"tracking\s+(?:number|no\.?|ref))"
    rf"\s*(?:[:#]|no\.?|is|was)?\s*{_REF_CODE}",
    _I,
)
CRIME_REF_SHAPES = re.compile(
    rf"{_B}(?:[A-Z]{{1,5}}/\d{{2,8}}/\d{{2,4}}|\d{{1,4}}/\d{{3,8}}/\d{{2,4}}|"
    rf"\d{{2,4}}/[A-Z]{{1,4}}/\d{{2,8}}|[A-Z]{{2,5}}-\d{{2,4}}-\d{{3,8}}|"
    rf"[A-Z]{{2,5}}/\d{{4,10}}|[A-Z]{{2,4}}\d{{6,}}|\d{{2}}[A-Z]{{2}}\d{{5,}}|"
    rf"[1-9]\d{{6,}}){_E}",
    _I,
)

_RANK = r"(?:PCSO|PC|WPC|TDC|DC|DS|DI|DCI|PS|Sgt|Sergeant|Insp|Inspector|Constable|SC)"
COLLAR = re.compile(
    rf"\b{_RANK}\.?\s?(?P<c>\d{{2,6}})\b|"
    r"\b(?:collar|shoulder|warrant)(?:\s+(?:number|no\.?|#))?\s*(?:is|was|:)?\s*(?P<d>\d{2,6})\b",
)


def _span(m: re.Match[str], group: str | int = 0) -> tuple[int, int]:
    return m.span(group)


def structured(text: str) -> Iterator[Candidate]:
    """Yield every structured identifier in ``text``."""
    simple = (
        (EMAIL, "email"),
        (URL, "handle"),
        (AT_HANDLE, "handle"),
        (SUBREDDIT_USER, "handle"),
        (HANDLE_SHAPE, "handle"),
        (POSTCODE, "postcode"),
        (PHONE, "phone"),
        (NI_NUMBER, "ni_number"),
        (VEHICLE, "vehicle"),
        (CRIME_REF_SHAPES, "crime_ref"),
    )
    for pattern, kind in simple:
        for m in pattern.finditer(text):
            yield Candidate(*m.span(), kind)
    yield from _cued(text)


def _cued(text: str) -> Iterator[Candidate]:
    from riskpanel.privacy.vocab import common_words

    stop = common_words()
    for pattern in (PLATFORM_HANDLE, HANDLE_CUE, POSTS_AS):
        for m in pattern.finditer(text):
            token = m.group("h")
            if token.lower().lstrip("@") not in stop:
                yield Candidate(*m.span("h"), "handle")
    for m in PARTIAL_POSTCODE.finditer(text):
        group = "p" if m.group("p") else "q"
        yield Candidate(*m.span(group), "postcode")
    for m in VEHICLE_CUE.finditer(text):
        yield Candidate(*m.span("v"), "vehicle")
    for m in CRIME_REF_CUE.finditer(text):
        yield Candidate(*m.span("r"), "crime_ref")
    for m in COLLAR.finditer(text):
        group = "c" if m.group("c") else "d"
        yield Candidate(*m.span(group), "collar_number")
