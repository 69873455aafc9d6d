"""Bench: how often the strand flag check catches mis-flagged referrals, and how often it nags.

A labelled synthetic set (Faker, fixed seed): each referral has true strands, a narrative and
an answer to "why do you think they did this?". Some referrals are deliberately mis-flagged
(a true strand removed, a wrong strand added, or both). Some narratives describe the hostility
without any lexicon word, and everyday traps (black hoodie, Church Road, Transport for London,
a blow to the temple) are sprinkled through all of them, so the figures are not flattering.

Run: .venv/bin/python bench/bench_flags.py [--n 3000] [--seed 20260401]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass, field

from faker import Faker

from riskpanel.risk.flags import FlagCheck, check_flags
from riskpanel.risk.lexicon import load_lexicon
from riskpanel.risk.strands import NATIONAL_STRANDS

NAME_LOCALES = ["en_GB", "en_IN", "en_PK", "yo_NG", "ig_NG", "pl_PL", "ro_RO", "lt_LT", "tr_TR",
                "pt_PT", "es_ES", "it_IT", "en_IE", "tw_GH", "zu_ZA"]  # fmt: skip
STRAND_SHARE = {"race": 0.55, "religion": 0.17, "sexual_orientation": 0.12,
                "disability": 0.10, "transgender": 0.06}  # fmt: skip

# "{v}" victim, "{p}" possessive, "{o}" object pronoun. Lines marked MISS describe hostility
# in words the lexicon does not hold, as real narratives often do.
CUES = {
    "race": [
        "shouted at {v} to go back to {p} own country",
        "called {v} a foreigner and said people like {o} were taking the houses",
        "made monkey noises at {v} in the street",
        "mocked {p} accent and told {o} to speak English",
        "daubed graffiti about immigrants on the door",
        "said the Polish family should leave the street",
        "told {v} that Gypsies were not welcome on the estate",
        "made comments about the colour of {p} skin",
        "targeted the Romanian shop owners again",
        "was racially abusive towards {v}",
        "said 'this is our country, not yours'",  # MISS
        "pulled at the corners of his eyes and laughed at {v}",  # MISS
    ],
    "religion": [
        "pulled off {p} hijab",
        "threw bacon at the mosque door",
        "sprayed a swastika on the synagogue wall",
        "shouted that all Muslims should be deported",
        "knocked the turban from {p} head",
        "made antisemitic remarks about {p} family",
        "left a pig's head outside the gurdwara",
        "shouted abuse about {p} faith as {v} left prayers",
        "spat at {v} on the way to church",
        "mocked {p} kippah",
        "called {v} a terrorist and told {o} to take that thing off {p} head",  # MISS
    ],
    "sexual_orientation": [
        "shouted homophobic abuse at {v} and {p} partner",
        "called {v} gay and threatened to beat {o} up",
        "tore down the rainbow flag from the window",
        "said lesbians were not welcome in the pub",
        "outed {v} to the neighbours on social media",
        "harassed the same-sex couple next door",
        "told {v} that two men holding hands was disgusting",  # MISS
    ],
    "transgender": [
        "deliberately deadnamed {v} in front of neighbours",
        "made transphobic comments about {p} appearance",
        "shouted that trans women are not real women",
        "refused to use {p} pronouns and laughed",
        "mocked {v} for being non-binary",
        "said {v} was 'a bloke in a dress'",  # MISS
    ],
    "disability": [
        "mocked the way {v} uses {p} wheelchair",
        "kicked away {p} crutches",
        "called {v} names because of {p} learning disability",
        "imitated {p} stammer",
        "pushed {p} mobility scooter into the canal",
        "said people with mental health problems should be locked up",
        "shouted at {v} for being autistic",
        "mimicked the way {v} walks and talks",  # MISS
    ],
}
WHY = {
    "race": ["Because I'm from Poland.", "Because I am Black.", "Because of my accent.",
             "Because we are Roma.", "They don't like foreigners."],
    "religion": ["Because I wear a hijab.", "Because I'm Jewish.", "Because we are Sikh.",
                 "Because of my religion."],
    "sexual_orientation": ["Because I'm gay.", "Because of my sexuality.",
                           "Because I was with my boyfriend."],
    "transgender": ["Because I'm trans.", "Because of my gender identity.",
                    "They know I am transitioning."],
    "disability": ["Because I'm disabled.", "Because of my autism.",
                   "Because I use a wheelchair.", "Because I'm deaf."],
}  # fmt: skip
NEUTRAL_WHY = ["I don't know.", "No idea, they just picked on me.", "",
               "They have always been like that."]  # fmt: skip
FILLERS = [
    "It happened on {street} at about {time}.",
    "The suspect wore a black hoodie and dark trousers.",
    "{v} was waiting for a Transport for London bus.",
    "Officers attended at {address}.",
    "{v} had a black eye and a cut to the left temple.",
    "CCTV from the shop on Church Road has been requested.",
    "The suspect left in a black car towards the town centre.",
    "A witness, {witness}, saw it from across the road.",
    "{v} says this is the fourth time this year.",
    "Nobody was arrested at the scene.",
    "The suspect is described as a white male in his twenties.",
    "{v} was not injured but is very frightened.",
]


@dataclass
class Referral:
    narrative: str
    why: str
    true: set[str]
    flagged: set[str]
    names: list[str] = field(default_factory=list)  # from the structured record
    places: list[str] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)

    @property
    def misflagged(self) -> bool:
        return bool(self.removed or self.added)


def _strands(rng: random.Random) -> set[str]:
    names, weights = list(STRAND_SHARE), list(STRAND_SHARE.values())
    chosen = {rng.choices(names, weights)[0]}
    if rng.random() < 0.15:
        chosen.add(rng.choices(names, weights)[0])
    return chosen


def _narrative(
    rng: random.Random, fakers: list[Faker], gb: Faker, true: set[str]
) -> tuple[str, list[str], list[str]]:
    """The text, plus the people and places a referral form records in its own fields."""
    person = rng.choice(fakers)
    victim = person.first_name()
    he = rng.random() < 0.5
    words = {"v": victim, "p": "his" if he else "her", "o": "him" if he else "her"}
    cues = [rng.choice(CUES[s]).format(**words) for s in sorted(true)]
    context = {
        "street": gb.street_name(),
        "time": f"{rng.randint(7, 23)}:{rng.choice(['00', '30'])}",
        "address": gb.address().replace("\n", ", "),
        "witness": gb.name(),
        "v": victim,
    }
    fillers = [f.format(**context) for f in rng.sample(FILLERS, k=rng.randint(1, 3))]
    incident = f"The suspect {' and '.join(cues)}."
    parts = [fillers[0], incident, *fillers[1:]]
    return " ".join(parts), [victim, context["witness"]], [context["street"], context["address"]]


def _misflag(rng: random.Random, ref: Referral) -> None:
    kind = rng.choice(["removed", "added", "both"])
    if kind in ("removed", "both"):
        gone = rng.choice(sorted(ref.true))
        ref.flagged.discard(gone)
        ref.removed.add(gone)
    if kind in ("added", "both"):
        wrong = rng.choice([s for s in NATIONAL_STRANDS if s not in ref.true])
        ref.flagged.add(wrong)
        ref.added.add(wrong)


def generate(n: int, seed: int, misflag_share: float = 0.3) -> list[Referral]:
    rng = random.Random(seed)
    Faker.seed(seed)
    fakers = [Faker(loc) for loc in NAME_LOCALES]
    gb = Faker("en_GB")
    referrals = []
    for _ in range(n):
        true = _strands(rng)
        specific = rng.random() < 0.6
        why = rng.choice(WHY[rng.choice(sorted(true))] if specific else NEUTRAL_WHY)
        text, names, places = _narrative(rng, fakers, gb, true)
        ref = Referral(text, why, set(true), set(true), names, places)
        if rng.random() < misflag_share:
            _misflag(rng, ref)
        referrals.append(ref)
    return referrals


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.1%} ({hits}/{total})" if total else "n/a"


def evaluate(referrals: list[Referral]) -> list[tuple[str, str]]:
    lexicon = load_lexicon()
    started = time.perf_counter()
    checks: list[FlagCheck] = [
        check_flags(
            r.narrative, r.why, r.flagged, lexicon, known_names=r.names, known_places=r.places
        )
        for r in referrals
    ]
    elapsed = time.perf_counter() - started
    unmasked = sum(
        bool(check_flags(r.narrative, r.why, r.flagged, lexicon).likely_missing)
        for r in referrals
        if not r.misflagged
    )
    removed = added = removed_caught = added_caught = 0
    caught_any = caught_all = bad = good = alarms = alarm_missing = alarm_doubtful = 0
    for ref, check in zip(referrals, checks, strict=True):
        missing = {e.strand for e in check.likely_missing}
        doubtful = set(check.doubtful)
        if ref.misflagged:
            bad += 1
            hit = (ref.removed & missing) | (ref.added & doubtful)
            caught_any += bool(hit)
            caught_all += hit == ref.removed | ref.added
            removed += len(ref.removed)
            added += len(ref.added)
            removed_caught += len(ref.removed & missing)
            added_caught += len(ref.added & doubtful)
        else:
            good += 1
            alarms += not check.clean
            alarm_missing += bool(missing)
            alarm_doubtful += bool(doubtful)
    return [
        ("referrals", f"{len(referrals)} ({bad} mis-flagged, {good} correctly flagged)"),
        ("catch rate: mis-flagged referrals with a prompt", _rate(caught_any, bad)),
        ("catch rate: every planted error prompted", _rate(caught_all, bad)),
        ("removed strand shown as likely missing", _rate(removed_caught, removed)),
        ("wrongly added strand shown as doubtful", _rate(added_caught, added)),
        ("false alarm rate on correctly flagged", _rate(alarms, good)),
        ("  of which a strand likely missing", _rate(alarm_missing, good)),
        ("  of which a flagged strand doubtful", _rate(alarm_doubtful, good)),
        ("  likely missing if names and places are not passed", _rate(unmasked, good)),
        ("checks per second", f"{len(referrals) / elapsed:,.0f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20260401)
    args = parser.parse_args()
    rows = evaluate(generate(args.n, args.seed))
    print(f"### Strand flag check (seed {args.seed})\n")
    print("| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
