"""Bench: does people matching find the same victim through typos, variants and slips,
without linking different people (relatives, namesakes, neighbours)?

Synthetic, labelled pairs (Faker, fixed seed; names from many origins, en_GB addresses):
duplicates carry one or two realistic corruptions; non-duplicates are deliberately hard
(same surname and address, same name elsewhere, same birthday next door). Reports precision
and recall at the configured threshold, recall per corruption, false matches per kind of
stranger, a small threshold sweep and the cost of one lookup against the whole set.

Run: .venv/bin/python bench/bench_matching.py [--people 1500] [--seed 20260402]
"""

from __future__ import annotations

import argparse
import random
import string
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from faker import Faker

from riskpanel.risk.matching import (
    MatchSettings,
    PersonFacts,
    blocking_keys,
    find_candidates,
    match_score,
)
from riskpanel.risk.names import NAME_VARIANT_GROUPS

NAME_LOCALES = ["en_GB", "en_IN", "en_PK", "yo_NG", "ig_NG", "ha_NG", "pl_PL", "ro_RO",
                "lt_LT", "tr_TR", "pt_PT", "es_ES", "it_IT", "en_IE", "tw_GH", "zu_ZA"]  # fmt: skip
Corruption = Callable[[random.Random, PersonFacts, Faker], PersonFacts]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word + rng.choice(string.ascii_lowercase)
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "replace", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == "replace":
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _variant(rng: random.Random, p: PersonFacts, _: Faker) -> PersonFacts:
    groups = [g for g in NAME_VARIANT_GROUPS if p.first_name.lower() in g]
    options = sorted(set().union(*groups) - {p.first_name.lower()}) if groups else []
    if not options:
        return replace(p, first_name=_typo(rng, p.first_name))
    return replace(p, first_name=rng.choice(options).title())


def _dob_transposed(rng: random.Random, p: PersonFacts, _: Faker) -> PersonFacts:
    d = p.date_of_birth
    if d is None:
        return p
    if d.day <= 12 and d.day != d.month:
        return replace(p, date_of_birth=date(d.year, d.day, d.month))
    return _dob_slip(rng, p, _)


def _dob_slip(rng: random.Random, p: PersonFacts, _: Faker) -> PersonFacts:
    d = p.date_of_birth
    if d is None:
        return p
    for _try in range(20):
        text = list(d.strftime("%Y%m%d"))
        i = rng.choice([2, 3, 6, 7])
        text[i] = str(rng.randrange(10))
        try:
            slipped = date(int("".join(text[:4])), int("".join(text[4:6])), int("".join(text[6:])))
        except ValueError:
            continue
        if slipped != d:
            return replace(p, date_of_birth=slipped)
    return p


CORRUPTIONS: dict[str, Corruption] = {
    "first name typo": lambda r, p, f: replace(p, first_name=_typo(r, p.first_name)),
    "surname typo": lambda r, p, f: replace(p, last_name=_typo(r, p.last_name)),
    "name variant (typo if none known)": _variant,
    "DOB day-month transposed": _dob_transposed,
    "DOB one digit slip": _dob_slip,
    "names swapped": lambda r, p, f: replace(p, first_name=p.last_name, last_name=p.first_name),
    '"SURNAME, First" upper case': lambda r, p, f: PersonFacts.from_full_name(
        f"{p.last_name.upper()}, {p.first_name}",
        date_of_birth=p.date_of_birth,
        postcode=p.postcode,
        address=p.address,
    ),
    "no DOB recorded": lambda r, p, f: replace(p, date_of_birth=None),
    "moved house": lambda r, p, f: replace(p, postcode=f.postcode(), address=f.street_address()),
    "double-barrelled surname": lambda r, p, f: replace(
        p, last_name=f"{p.last_name}-{f.last_name()}"
    ),
}


def _stranger_kinds(
    rng: random.Random, p: PersonFacts, names: Faker, gb: Faker
) -> dict[str, PersonFacts]:
    other_dob = p.date_of_birth + timedelta(days=rng.randint(400, 15000))  # type: ignore[operator]
    return {
        "relative at same address": replace(
            p, first_name=names.first_name(), date_of_birth=other_dob
        ),
        "namesake elsewhere": replace(
            p, date_of_birth=other_dob, postcode=gb.postcode(), address=gb.street_address()
        ),
        "twin (same surname, DOB, address)": replace(p, first_name=names.first_name()),
        "same birthday next door": replace(
            p, first_name=names.first_name(), last_name=names.last_name()
        ),
        "similar name, other DOB": replace(
            p, first_name=_typo(rng, p.first_name), date_of_birth=other_dob, postcode=None
        ),
        "random person": PersonFacts(
            names.first_name(), names.last_name(), other_dob, gb.postcode(), gb.street_address()
        ),
    }


def _person(rng: random.Random, names: Faker, gb: Faker) -> PersonFacts:
    if rng.random() < 0.2:
        first = rng.choice(sorted(rng.choice(NAME_VARIANT_GROUPS))).title()
    else:
        first = names.first_name()
    dob = date(1940, 1, 1) + timedelta(days=rng.randrange(70 * 365))
    return PersonFacts(first, names.last_name(), dob, gb.postcode(), gb.street_address())


def build(
    people: int, seed: int
) -> tuple[list[PersonFacts], list[tuple[str, bool, PersonFacts, PersonFacts]]]:
    rng = random.Random(seed)
    Faker.seed(seed)
    fakers = [Faker(loc) for loc in NAME_LOCALES]
    gb = Faker("en_GB")
    population, pairs = [], []
    for i in range(people):
        names = rng.choice(fakers)
        person = replace(_person(rng, names, gb), ref=i)
        population.append(person)
        kinds = rng.sample(sorted(CORRUPTIONS), k=rng.choice([1, 1, 2]))
        dup = person
        for kind in kinds:
            dup = CORRUPTIONS[kind](rng, dup, gb)
        pairs.append((" + ".join(kinds), True, person, dup))
        kind, stranger = rng.choice(sorted(_stranger_kinds(rng, person, names, gb).items()))
        pairs.append((kind, False, person, stranger))
    return population, pairs


def _prf(scored: list[tuple[str, bool, float]], cut: float) -> tuple[float, float, int, int]:
    tp = sum(1 for _, dup, s in scored if dup and s >= cut)
    fp = sum(1 for _, dup, s in scored if not dup and s >= cut)
    fn = sum(1 for _, dup, s in scored if dup and s < cut)
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, tp / (tp + fn), fp, fn


def report(people: int, seed: int) -> None:
    settings = MatchSettings()
    population, pairs = build(people, seed)
    scored = [(kind, dup, match_score(a, b, settings).score) for kind, dup, a, b in pairs]
    cut = settings.threshold
    precision, recall, fp, fn = _prf(scored, cut)
    print(f"### People matching (seed {seed}, {len(pairs)} labelled pairs)\n")
    print("| threshold | precision | recall | false matches | missed duplicates |")
    print("| --- | --- | --- | --- | --- |")
    for t in sorted({0.7, 0.75, cut, 0.85, 0.9}):
        p, r, f, m = _prf(scored, t)
        mark = " (configured)" if t == cut else ""
        print(f"| {t:.2f}{mark} | {p:.1%} | {r:.1%} | {f} | {m} |")
    single = Counter(k for k, dup, _ in scored if dup and "+" not in k)
    found = Counter(k for k, dup, s in scored if dup and "+" not in k and s >= cut)
    print(f"\n| duplicate with one corruption | recall at {cut:.2f} |\n| --- | --- |")
    for kind in sorted(single):
        print(f"| {kind} | {found[kind] / single[kind]:.1%} ({found[kind]}/{single[kind]}) |")
    strangers = Counter(k for k, dup, _ in scored if not dup)
    wrong = Counter(k for k, dup, s in scored if not dup and s >= cut)
    print(f"\n| different person | false match rate at {cut:.2f} |\n| --- | --- |")
    for kind in sorted(strangers):
        print(f"| {kind} | {wrong[kind] / strangers[kind]:.1%} ({wrong[kind]}/{strangers[kind]}) |")
    dups = [(a, b) for _, dup, a, b in pairs if dup]
    blocked = sum(bool(blocking_keys(a) & blocking_keys(b)) for a, b in dups)
    index: dict[str, int] = Counter(k for person in population for k in blocking_keys(person))
    fetched = [
        sum(1 for q in population if blocking_keys(q) & blocking_keys(b)) for _, b in dups[:200]
    ]
    print(
        f"\nDuplicates sharing a blocking key (database prefilter): {blocked / len(dups):.1%}; "
        f"a lookup fetches {sum(fetched) / len(fetched) / len(population):.2%} of the records "
        f"({len(index)} distinct keys)."
    )
    probe = pairs[1][3]
    started = time.perf_counter()
    for _ in range(5):
        find_candidates(probe, population, settings=settings)
    ms = (time.perf_counter() - started) / 5 * 1000
    print(
        f"\nOne lookup against {len(population)} records: {ms:.1f} ms "
        f"(precision {precision:.1%}, recall {recall:.1%}, {fp} false, {fn} missed)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=20260402)
    args = parser.parse_args()
    report(args.people, args.seed)


if __name__ == "__main__":
    main()
