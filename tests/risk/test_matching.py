"""People matching: the same person through typos and variants, not different people."""

from __future__ import annotations

from datetime import date

import pytest

from riskpanel.risk.locations import LocationKind, normalise_location
from riskpanel.risk.matching import (
    MatchSettings,
    PersonFacts,
    blocking_keys,
    find_candidates,
    match_score,
    normalise_postcode,
)
from riskpanel.risk.names import are_variants, fold, normalise_name, split_full_name

THRESHOLD = MatchSettings().threshold
BASE = PersonFacts("Mohammed", "Rahman", date(1984, 3, 7), "B11 1AA", "12 Warwick Road")


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (PersonFacts("Muhammad", "Rahman", date(1984, 3, 7), "b111aa"), "variant spelling"),
        (PersonFacts("Mohammed", "Rahmen", date(1984, 3, 7), "B11 1AA"), "surname typo"),
        (PersonFacts("Mohamed", "Rahman", date(1984, 7, 3), "B11 1AA"), "day/month transposed"),
        (PersonFacts("Mohammed", "Rahman", date(1948, 3, 7)), "year digits swapped"),
        (PersonFacts("Rahman", "Mohammed", date(1984, 3, 7), "B11 1AA"), "names swapped"),
        (PersonFacts.from_full_name("RAHMAN, Mohammed", date_of_birth=date(1984, 3, 7)), "order"),
        (PersonFacts("Mohammed Abdul", "Rahman", date(1984, 3, 7)), "middle name added"),
        (PersonFacts("M", "Rahman", date(1984, 3, 7), "B11 1AA"), "initial only"),
    ],
)
def test_same_person_scores_above_threshold(other: PersonFacts, why: str) -> None:
    result = match_score(BASE, other)
    assert result.score >= THRESHOLD, (why, result)
    assert result.reasons


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            PersonFacts("Bob", "O'Brien", date(1990, 1, 2)),
            PersonFacts("Robert", "OBrien", date(1990, 1, 2)),
            "nickname and apostrophe",
        ),
        (
            PersonFacts("Kate", "Smith-Jones", date(1975, 5, 5), "LS6 2AB"),
            PersonFacts("Katherine", "Smith Jones", date(1975, 5, 5), "LS6 2AB"),
            "nickname and hyphen",
        ),
        (
            PersonFacts("Małgorzata", "Kowalska", date(1991, 11, 30)),
            PersonFacts("Gosia", "KOWALSKA", date(1991, 11, 30)),
            "Polish familiar form and accents",
        ),
        (
            PersonFacts("Zoë", "Müller", date(2001, 2, 14)),
            PersonFacts("Zoe", "Mueller", date(2001, 2, 14)),
            "umlaut spelt out",
        ),
    ],
)
def test_name_variants_match(a: PersonFacts, b: PersonFacts, why: str) -> None:
    assert match_score(a, b).score >= THRESHOLD, why


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (PersonFacts("Mohammed", "Rahman", date(1958, 10, 21), "B11 1AA"), "father, same name"),
        (PersonFacts("Ayesha", "Rahman", date(1987, 1, 12), "B11 1AA"), "wife, same address"),
        (PersonFacts("Imran", "Rahman", date(1984, 3, 7), "B11 1AA"), "twin brother"),
        (PersonFacts("Mohammed", "Rahman", date(1992, 5, 30), "M14 5TQ"), "namesake elsewhere"),
        (PersonFacts("Jan", "Nowak", date(1984, 3, 7), "B11 1AA"), "neighbour born same day"),
        (PersonFacts("Mohammed", "Rahman"), "a name and nothing else"),
    ],
)
def test_different_people_score_below_threshold(other: PersonFacts, why: str) -> None:
    result = match_score(BASE, other)
    assert result.score < THRESHOLD, (why, result)


def test_score_is_symmetric_and_bounded() -> None:
    other = PersonFacts("Muhammad", "Rahmen", date(1984, 7, 3), "B11 1AB")
    assert match_score(BASE, other).score == match_score(other, BASE).score
    assert match_score(BASE, BASE).score == 1.0
    assert 0.0 <= match_score(BASE, PersonFacts("Zed", "Quill", date(2000, 1, 1))).score <= 1


def test_reasons_explain_the_score() -> None:
    other = PersonFacts("Muhammad", "Rahman", date(1984, 7, 3), "B11 1AA")
    reasons = " | ".join(match_score(BASE, other).reasons)
    assert "variants (mohammed / muhammad)" in reasons
    assert "transposed" in reasons
    assert "same postcode (B11 1AA)" in reasons


def test_find_candidates_ranks_and_filters() -> None:
    others = [
        PersonFacts("Imran", "Rahman", date(1984, 3, 7), "B11 1AA", ref=1),
        PersonFacts("Muhammad", "Rahman", date(1984, 3, 7), "B11 1AA", ref=2),
        PersonFacts("Mohammed", "Rahmen", date(1984, 7, 3), ref=3),
        PersonFacts("Sarah", "Jones", date(1970, 1, 1), ref=4),
    ]
    found = find_candidates(BASE, others)
    assert [c.person.ref for c in found] == [2, 3]
    assert found[0].score >= found[1].score
    everyone = find_candidates(BASE, others, threshold=0.0)
    assert len(everyone) == 4
    assert everyone[-1].person.ref == 4


def test_settings_are_data() -> None:
    strict = MatchSettings(threshold=0.99)
    other = PersonFacts("Muhammad", "Rahman", date(1984, 3, 7), "B11 1AA")
    assert find_candidates(BASE, [other], settings=strict) == []


def test_name_normalisation() -> None:
    assert normalise_name("  Dr  Siobhán O\u2019Neill-Murphy ") == "siobhan oneill murphy"
    assert fold("Łukasz Żółć") == "lukasz zolc"
    assert split_full_name("KOWALSKA, Małgorzata Anna") == ("malgorzata anna", "kowalska")
    assert split_full_name("Mary Ann Smith") == ("mary ann", "smith")
    assert split_full_name("Cher") == ("", "cher")
    assert split_full_name("") == ("", "")
    assert are_variants("kate", "catherine")
    assert not are_variants("kate", "karen")
    assert normalise_postcode(" sw1a 1aa ") == "SW1A1AA"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("https://x.com/Hate_Acct", None), ("@hate_acct", "twitter.com")),
        (("https://www.instagram.com/some.one/", None), ("some.one", "instagram")),
        (("opp. the Co-op, High St", None), ("Co-op High Street", None)),
        (("sw1a1aa", None), ("SW1A 1AA", None)),
    ],
)
def test_locations_and_handles_link(a: tuple[str, str | None], b: tuple[str, str | None]) -> None:
    assert normalise_location(*a) == normalise_location(*b)


def test_location_kinds() -> None:
    assert normalise_location("M14 5TQ").kind is LocationKind.POSTCODE
    assert normalise_location("@someone").kind is LocationKind.HANDLE
    assert normalise_location("@someone").key == "unknown:someone"
    assert normalise_location("Bus stop, Oxford Rd").key == "bus stop oxford road"
    assert normalise_location("https://example.org/page").kind is LocationKind.PLACE


def test_blocking_keys_are_shared_by_likely_duplicates() -> None:
    keys = blocking_keys(BASE)
    for other in (
        PersonFacts("Rahman", "Mohammed", date(1984, 3, 7)),
        PersonFacts("Mohammed", "Rahmen", date(1984, 7, 3), "M1 1AA"),
        PersonFacts("Mohamed", "Rahman", None, "b11 1aa"),
    ):
        assert keys & blocking_keys(other), other
    assert not keys & blocking_keys(PersonFacts("Sarah", "Jones", date(1970, 1, 1), "LS1 1AA"))
    assert blocking_keys(PersonFacts()) == set()
