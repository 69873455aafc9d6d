"""Names of people who are not in the record: capitalised words read with their context.

A name list alone misses most non-British names (docs/PRIVACY.md), so the list is one cue among
several. The strongest cue is position: in a case note, a capitalised word in the middle of a
sentence that is not an ordinary English word, a place, an agency or a strand word is almost
always a name. At the start of a sentence the word needs more support: a title or naming cue
before it, a name list hit, a second name after it, a verb of speech after it, or the same word
seen as a name elsewhere in the document. Strand words are never taken, so "a Polish man" and
"the Jewish family" keep what the panel needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from riskpanel.privacy.namelists import (
    family_names,
    fold,
    given_names,
    listed_family_names,
    listed_given_names,
)
from riskpanel.privacy.spans import PERSON, Candidate
from riskpanel.privacy.vocab import (
    ACRONYMS,
    CLOSED_CLASS,
    DOMAIN_WORDS,
    EXTRA_COMMON,
    HONORIFICS,
    HOSTILITY_WORDS,
    NAMING_CUES,
    NICKNAME_WORDS,
    ORG_TAIL,
    PARTICLES,
    RANKS,
    RELATION_CUES,
    SPEECH_VERBS,
    common_words,
)

TOKEN = re.compile(r"(?<!\w)[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*(?!\w)")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
_SENTENCE_END = set('.!?:;"\u201c\u201d(\n•*>|')
_ENGLISH_ENDINGS = re.compile(
    r"(?:ly|ed|ing|tion|sion|ment|ness|ity|ful|less|ous|ive|able|ible|ise|ize|ance|ence|"
    r"ship|wards?|ists?|ism|ery|ies|ers)$"
)
_TITLES = HONORIFICS | RANKS
#: Strand words that are also common surnames: taken only right after a given name.
_COLOUR_SURNAMES = frozenset({"white", "black", "brown", "green", "grey", "gray"})


@cache
def not_names() -> frozenset[str]:
    """Folded words that are never a name on their own."""
    return common_words() | RELATION_CUES | NAMING_CUES | HOSTILITY_WORDS | ORG_TAIL


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    folded: str
    cap: bool
    upper: bool
    initial: bool
    quoted: bool
    idx: int = 0
    is_name: bool = False
    reason: str = field(default="")


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return (
        i < 0
        or text[i] in _SENTENCE_END
        or (text[i] in "-\u2013" and (i == 0 or text[i - 1] == "\n"))
    )


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges = [
        m.span() for m in re.finditer(r"\"[^\"\n]{1,300}\"|\u201c[^\u201d\n]{1,300}\u201d", text)
    ]
    ranges += [m.span() for m in re.finditer(r"(?<![\w])'[^'\n]{1,300}'(?![\w])", text)]
    return ranges


def tokenise(text: str) -> list[Tok]:
    """Word tokens with what the rules need to know about each."""
    quoted = _quoted_ranges(text)
    toks: list[Tok] = []
    for m in TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        poss = _POSSESSIVE.search(word)
        if poss and len(word) > 3:
            word, end = word[: poss.start()], start + poss.start()
        letters = [c for c in word if c.isalpha()]
        toks.append(
            Tok(
                text=word,
                start=start,
                end=end,
                folded=fold(word),
                cap=word[0].isupper(),
                upper=len(letters) >= 2 and all(c.isupper() for c in letters),
                initial=_sentence_initial(text, start),
                quoted=any(a < start < b for a, b in quoted),
                idx=len(toks),
            )
        )
    return toks


def _plain_word(tok: Tok) -> bool:
    """True for ordinary words, strand words and places: never a name by position alone."""
    stop = not_names()
    if tok.folded in stop:
        return True
    parts = [p for p in re.split(r"[-'\u2019]", tok.folded) if p]
    if len(parts) > 1 and (
        any(p in HOSTILITY_WORDS for p in parts) or all(p in stop for p in parts)
    ):
        return True
    return tok.upper and tok.folded in ACRONYMS


def _listed(tok: Tok) -> bool:
    """In a name list, whole or, for "Teresa-Louise" and "Nowak-Lis", by its parts."""
    if tok.folded in given_names() or tok.folded in family_names():
        return True
    parts = [p for p in tok.folded.split("-") if p]
    listed = [p for p in parts if p in given_names() or p in family_names()]
    unlisted_words = [
        p for p in parts if p not in listed and (p in not_names() or _ENGLISH_ENDINGS.search(p))
    ]
    return len(parts) > 1 and bool(listed) and not unlisted_words


def _english_looking(tok: Tok) -> bool:
    return bool(_ENGLISH_ENDINGS.search(tok.folded)) and not _listed(tok)


def _title_before(toks: list[Tok], i: int, text: str) -> bool:
    """A title, rank or naming cue right before token ``i`` (a collar number may sit between)."""
    if i == 0:
        return False
    prev = toks[i - 1]
    gap = text[prev.end : toks[i].start]
    if prev.folded in HONORIFICS or prev.folded in RANKS:
        return re.fullmatch(r"\.?\s+(?:\d{2,6}\s*)?", gap) is not None
    named = prev.folded in NAMING_CUES or (
        prev.folded == "as" and i >= 2 and toks[i - 2].folded == "known"
    )
    return named and re.fullmatch(r"\s+[\"'\u201c\u2018]?", gap) is not None


def _relation_before(toks: list[Tok], i: int, text: str) -> bool:
    if i == 0:
        return False
    prev = toks[i - 1]
    gap = text[prev.end : toks[i].start]
    return prev.folded in RELATION_CUES and re.fullmatch(r"\s*,?\s*", gap) is not None


def _seed(toks: list[Tok], text: str) -> None:
    """First pass: mark tokens that are names on their own evidence."""
    for i, tok in enumerate(toks):
        if not tok.cap or tok.folded in CLOSED_CLASS:
            continue
        if _title_before(toks, i, text):
            tok.is_name, tok.reason = True, "title"
        elif _relation_before(toks, i, text) and _given_not_strand(tok):
            tok.is_name, tok.reason = True, "relation"  # "her neighbour August"
        elif tok.folded in HOSTILITY_WORDS or _plain_word(tok) or (tok.quoted and tok.upper):
            continue
        elif _relation_before(toks, i, text):
            tok.is_name, tok.reason = True, "relation"
        elif tok.upper and (len(tok.text) >= 3 or tok.folded in family_names()):
            tok.is_name, tok.reason = True, "upper"
        elif not tok.initial and not _english_looking(tok):
            tok.is_name, tok.reason = True, "position"
        elif tok.initial and (
            _listed(tok) or _speech_after(toks, i, text) or _possessive(tok, text)
        ):
            tok.is_name, tok.reason = True, "initial"


def _possessive(tok: Tok, text: str) -> bool:
    after = text[tok.end : tok.end + 20]
    if after.startswith(("'s", "\u2019s")):
        return not _english_looking(tok)
    return re.match(r"\s*\((?:as|aka|a\.k\.a|known)\b", after) is not None


def _speech_after(toks: list[Tok], i: int, text: str) -> bool:
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    gap = text[toks[i].end : nxt.start]
    if gap.strip(" ,'\u2019s") and gap.strip() not in {"'s", "\u2019s"}:
        return False
    return nxt.folded in SPEECH_VERBS or (nxt.cap and not _plain_word(nxt))


def _spread(toks: list[Tok], reason: str, joined: Callable[[int, Tok], Iterator[int]]) -> None:
    """Mark as names, for `reason`, the tokens `joined` finds next to each name (by index),
    again and again until no new name appears."""
    changed = True
    while changed:
        changed = False
        for i, tok in enumerate(toks):
            if not tok.is_name:
                continue
            for j in joined(i, tok):
                toks[j].is_name, toks[j].reason = True, reason
                changed = True


def _extend(toks: list[Tok], text: str) -> None:
    """Grow names over neighbouring capitalised words and particles ("van der Berg")."""

    def joined(i: int, tok: Tok) -> Iterator[int]:
        for j in (i - 1, i + 1):
            if not (0 <= j < len(toks) and _joins(toks, min(i, j), text)):
                continue
            if toks[j].is_name:
                continue
            if _may_join(toks[j], j > i) or (j > i and _surname_after_given(tok, toks[j])):
                yield j

    _spread(toks, "extend", joined)


def _joins(toks: list[Tok], left: int, text: str) -> bool:
    gap = text[toks[left].end : toks[left + 1].start]
    return gap in {" ", "\u00a0"} or (gap in {", "} and toks[left].upper and toks[left + 1].cap)


def _may_join(tok: Tok, rightwards: bool) -> bool:
    if tok.folded in PARTICLES and not tok.cap:
        return True
    if not tok.cap or tok.folded in CLOSED_CLASS:
        return False
    if tok.folded in HOSTILITY_WORDS:
        return rightwards and tok.folded in _COLOUR_SURNAMES
    if tok.folded in HONORIFICS or tok.folded in RANKS or tok.folded in ORG_TAIL:
        return False
    if tok.upper and tok.folded in ACRONYMS:
        return False
    if rightwards and tok.initial:
        return False
    if tok.initial and tok.folded not in NICKNAME_WORDS and _english_verb_like(tok):
        # "Call Anna", "Remind Bogdan": an imperative at the start of a sentence, not a name.
        return False
    if not rightwards and not tok.initial and tok.folded in listed_given_names():
        return True  # "Octavia Georgescu", "June Williams": a given name that is also a word
    return tok.folded not in _join_blockers()


def _given_not_strand(tok: Tok) -> bool:
    """A listed given name, even one that is also a word ("June"), but never a strand word."""
    return tok.folded in listed_given_names() and tok.folded not in HOSTILITY_WORDS


def _coordinate(toks: list[Tok], text: str) -> None:
    """ "August and Robert", "Jan, Ewa and Ionut": a listed given name in a list of names."""

    def joined(i: int, tok: Tok) -> Iterator[int]:
        for j, between in ((i - 2, (i - 1,)), (i + 2, (i + 1,)), (i - 1, ()), (i + 1, ())):
            if not 0 <= j < len(toks) or toks[j].is_name or not toks[j].cap:
                continue
            lo, hi = sorted((i, j))
            gap = text[toks[lo].end : toks[hi].start]
            words = {toks[k].folded for k in between}
            listed = (words <= {"and", "or"} and gap.strip() in {"and", "or"}) or (
                not between and gap == ", "
            )
            if listed and _given_not_strand(toks[j]) and toks[j].folded not in _TITLES:
                yield j

    _spread(toks, "list", joined)


def _english_verb_like(tok: Tok) -> bool:
    """An ordinary English word that no name list knows as a given name ("Call", not "Hope")."""
    return tok.folded in common_words() and tok.folded not in listed_given_names()


def _surname_after_given(given: Tok, tok: Tok) -> bool:
    """ "Sharon North", "Yacine Said": an ordinary word right after a listed given name."""
    if not tok.cap or tok.initial or tok.folded in CLOSED_CLASS or tok.folded in ORG_TAIL:
        return False
    if tok.folded in HONORIFICS or tok.folded in RANKS or tok.folded in RELATION_CUES:
        return False
    if tok.folded in HOSTILITY_WORDS and tok.folded not in _COLOUR_SURNAMES:
        return False
    if tok.folded in DOMAIN_WORDS and tok.folded not in listed_family_names():
        return False  # "Owen Ford" and "Joyce North" are names, "Anna Police" is not
    return given.folded in given_names() and not (tok.upper and tok.folded in ACRONYMS)


@cache
def _join_blockers() -> frozenset[str]:
    """Words that end a name even when capitalised: places, agencies, months, verbs."""
    return DOMAIN_WORDS | EXTRA_COMMON | RELATION_CUES | NAMING_CUES | ORG_TAIL | CLOSED_CLASS


def _propagate(toks: list[Tok]) -> None:
    """A word seen once as a name is a name wherever it appears capitalised or unambiguous."""
    seen = {t.folded for t in toks if t.is_name and t.folded not in PARTICLES}
    stop = not_names()
    for tok in toks:
        if tok.is_name or tok.folded not in seen:
            continue
        if tok.cap and not (tok.initial and tok.folded in stop):
            tok.is_name, tok.reason = True, "propagate"
        elif not tok.cap and tok.folded not in stop and len(tok.folded) > 2:
            tok.is_name, tok.reason = True, "propagate-lower"


def _drop_org_runs(toks: list[Tok], text: str) -> None:
    """Capitalised runs that end in "Team", "Council", "Trust" ... are agencies, not people."""
    i = 0
    while i < len(toks):
        j = i
        while j + 1 < len(toks) and toks[j + 1].cap and _joins(toks, j, text):
            j += 1
        if j > i and toks[j].folded in ORG_TAIL and toks[i].reason not in {"title", "relation"}:
            for k in range(i, j + 1):
                toks[k].is_name = False
        i = j + 1


def find_names(text: str) -> Iterator[Candidate]:
    """Candidates for names of people who are not in the record."""
    toks = tokenise(text)
    _seed(toks, text)
    _extend(toks, text)
    _drop_org_runs(toks, text)
    _propagate(toks)
    _coordinate(toks, text)
    run: list[Tok] = []
    for tok in [*toks, None]:
        if tok is not None and tok.is_name and (not run or _adjacent(run[-1], tok, text)):
            run.append(tok)
            continue
        if run:
            yield _candidate(run, toks, text)
        run = [tok] if tok is not None and tok.is_name else []


def _adjacent(a: Tok, b: Tok, text: str) -> bool:
    gap = text[a.end : b.start]
    if b.initial:
        return False
    return gap in {" ", "\u00a0"} or (gap == ", " and a.upper and b.cap and not b.upper)


def _candidate(run: list[Tok], toks: list[Tok], text: str) -> Candidate:
    start = run[0].start
    idx = run[0].idx
    if idx > 0 and toks[idx - 1].folded in HONORIFICS:
        gap = text[toks[idx - 1].end : start]
        if re.fullmatch(r"\.?\s+", gap):
            start = toks[idx - 1].start
    words = [t.folded for t in run if t.folded not in PARTICLES]
    return Candidate(start, run[-1].end, PERSON, " ".join(words) or run[0].folded)
