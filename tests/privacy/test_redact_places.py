"""Addresses and workplaces in the shapes case notes write them, and what must stay."""

from __future__ import annotations

import pytest

from riskpanel.privacy import redact


def _removed(text: str) -> list[tuple[str, str]]:
    result = redact(text)
    return [(text[s.start : s.end], s.kind) for s in result.spans]


ADDRESSES = [
    # a house number and any thoroughfare type, mid-sentence, singular or plural
    ("He lives at 12 Jane Cliffs and keeps a diary.", "12 Jane Cliffs"),
    ("She was seen walking from 113A Evans Hills towards the shops.", "113A Evans Hills"),
    ("A brick hit the window of 7 Harriet Pass at night.", "7 Harriet Pass"),
    # a number and words that read as a name, closed by what follows
    ("The youths ran from 44 Belle Vue towards the park.", "44 Belle Vue"),
    # house-number ranges, flats, named buildings and named houses
    ("Damage at 12-14 Kirkstall Road was reported.", "12-14 Kirkstall Road"),
    ("She lives at Flat 3, 45 Mill Lane now.", "Flat 3, 45 Mill Lane"),
    ("Police were called to Flat 27, Mill House where she was.", "Flat 27, Mill House"),
    ("Previous address The Laurels, Cemetery Hill was visited.", "The Laurels, Cemetery Hill"),
    ("Letters go to Rose Cottage, Mill Lane now.", "Rose Cottage, Mill Lane"),
    ("Police were called to Ivy House, Spencer Green where she was.", "Ivy House, Spencer Green"),
    ("She lives a few doors down at 142 Guy Station with her partner.", "142 Guy Station"),
    # streets without a number: a word of place, a distinctive name, or a list of streets
    ("Patrols along Station Hill continue.", "Station Hill"),
    ("Officers will patrol Gipton View tonight.", "Gipton View"),
]


@pytest.mark.parametrize(("text", "address"), ADDRESSES, ids=[a for _, a in ADDRESSES])
def test_address_is_removed_whole(text: str, address: str) -> None:
    assert _removed(text) == [(address, "address")]
    assert redact(text).text == text.replace(address, "[ADDRESS]")


def test_streets_listed_together_are_all_removed() -> None:
    text = "Officers will patrol Station Hill and Dewsbury Road."
    assert _removed(text) == [("Station Hill", "address"), ("Dewsbury Road", "address")]


def test_the_town_after_the_street_stays() -> None:
    result = redact("She moved to 12 Acacia Road, Leeds last year.")
    assert result.text == "She moved to [ADDRESS], Leeds last year."


def test_unicode_capitals_start_a_street_or_a_firm() -> None:
    assert _removed("He lives at 9 Świętokrzyska Row.") == [("9 Świętokrzyska Row", "address")]
    assert _removed("She works at Öztürk Motors.") == [("Öztürk Motors", "workplace")]


@pytest.mark.parametrize(
    "text",
    [
        "Around 20 Polish families live on the estate.",
        "She volunteers at the Food Bank on Tuesdays.",
        "The meeting moved from the Town Hall to the Civic Centre.",
        "He was given 3 Warnings by the school.",
    ],
)
def test_counts_facilities_and_days_are_not_addresses(text: str) -> None:
    assert all(kind != "address" for _, kind in _removed(text))
    assert redact(text).text.count("Polish") == text.count("Polish")


def test_a_person_with_a_street_word_surname_stays_a_person() -> None:
    assert _removed("She spoke to Anna Hill on Sunday.") == [("Anna Hill", "person")]


WORKPLACES = [
    ("Staff at Leeds Sorting Office called.", "Leeds Sorting Office"),
    ("He drives for Bradford Distribution Centre.", "Bradford Distribution Centre"),
    ("The GP at Oak Surgery was told.", "Oak Surgery"),
    ("He is a porter at Halifax Depot.", "Halifax Depot"),
    ("Nowak and Co sacked him.", "Nowak and Co"),
    ("The incident took place in the car park of Morrisons.", "Morrisons"),
    ("Security staff from Royal Mail detained him.", "Royal Mail"),
    ("He is employed by Acme Widgets as a driver.", "Acme Widgets"),
    ("Her manager at Zenith Print has agreed.", "Zenith Print"),
    ("He has been suspended by Quantum Freight pending an investigation.", "Quantum Freight"),
    ("She manages Kirkstall Fish Bar.", "Kirkstall Fish Bar"),
]


@pytest.mark.parametrize(("text", "workplace"), WORKPLACES, ids=[w for _, w in WORKPLACES])
def test_workplace_is_removed_whole(text: str, workplace: str) -> None:
    assert _removed(text) == [(workplace, "workplace")]
    assert redact(text).text == text.replace(workplace, "[WORKPLACE]")


@pytest.mark.parametrize(
    "text",
    [
        "The victim works for the NHS and the Council.",
        "He works with Polish families on Saturdays.",
        "Staff at the Jobcentre were kind.",
    ],
)
def test_agencies_days_and_strand_words_are_not_workplaces(text: str) -> None:
    assert redact(text).text == text


def test_a_colleague_named_after_a_work_word_is_a_person() -> None:
    assert _removed("Her colleague Anna said so.") == [("Anna", "person")]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("She was referred to the Gender Identity Clinic.", "Gender"),
        ("He buys meat at Halal Foods.", "Halal"),
    ],
)
def test_a_generic_place_keeps_its_strand_word(text: str, kept: str) -> None:
    result = redact(text)
    assert kept in result.text
    assert all(kind != "workplace" for _, kind in _removed(text))


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("He works at Al-Noor Halal Foods.", "Al-Noor Halal Foods"),
        ("The GP at Church Surgery was told.", "Church Surgery"),
        ("He drives for White & Sons.", "White & Sons"),
    ],
)
def test_a_named_firm_with_a_strand_word_is_taken_whole(text: str, workplace: str) -> None:
    assert _removed(text) == [(workplace, "workplace")]


def test_a_title_makes_a_shop_name_a_surname() -> None:
    text = "Mr Boots and Dr Greggs attended."
    assert _removed(text) == [("Mr Boots", "person"), ("Dr Greggs", "person")]
