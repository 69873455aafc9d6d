"""The case's own people in every form, other people by context, and what the labels show."""

from __future__ import annotations

import re
from datetime import date

import pytest

from riskpanel.privacy import KnownPerson, Role, Span, redact

VICTIM = KnownPerson(
    name="Katarzyna Nowak",
    role=Role.VICTIM,
    aliases=("Kasia",),
    addresses=("Flat 2, 14 Acacia Road, Leeds LS6 2AB",),
    date_of_birth=date(1987, 4, 3),
    phones=("07700 900123",),
    emails=("k.nowak@example.com",),
    handles=("@kasia_n",),
)
PERP = KnownPerson(name="Gary Price", role="perpetrator", aliases=("Gaz",), vehicles=("AB12 CDE",))
PEOPLE = [VICTIM, PERP]


@pytest.mark.parametrize(
    "mention",
    ["Katarzyna Nowak", "Nowak", "Katarzyna", "NOWAK", "Katarzyna NOWAK", "NOWAK, Katarzyna",
     "Mrs Nowak", "Ms Nowak", "Miss Nowak", "Dr Nowak", "K. Nowak", "K Nowak", "Kasia",
     "nowak", "KATARZYNA"],
)  # fmt: skip
def test_every_form_of_a_known_name_is_removed(mention: str) -> None:
    result = redact(f"Later {mention} said she was scared.", known_people=PEOPLE)
    assert result.text == "Later [VICTIM] said she was scared."


def test_possessive_keeps_the_s() -> None:
    result = redact("Nowak's door was kicked by Price.", known_people=PEOPLE)
    assert result.text == "[VICTIM]'s door was kicked by [PERPETRATOR]."


def test_initials_alone() -> None:
    result = redact("KN states that GP said so.", known_people=PEOPLE)
    assert result.text == "[VICTIM] states that [PERPETRATOR] said so."


def test_diacritics_and_missing_diacritics() -> None:
    person = KnownPerson(name="Łukasz Wójcik", role="victim")
    for text in ("Lukasz Wojcik was hit.", "ŁUKASZ WÓJCIK was hit.", "Wojcik was hit."):
        assert redact(text, known_people=[person]).text == "[VICTIM] was hit."


@pytest.mark.parametrize(
    ("name", "mentions"),
    [
        ("Ana-Maria O'Connor", ["O\u2019Connor", "OCONNOR", "Ana Maria", "Ana-Maria"]),
        ("Mohammed Al-Sayed", ["Al Sayed", "AL-SAYED", "Sayed", "Mr Al-Sayed"]),
        ("Pieter van der Berg", ["van der Berg", "Van Der Berg", "VAN DER BERG", "Berg"]),
    ],
)  # fmt: skip
def test_multi_part_names(name: str, mentions: list[str]) -> None:
    person = KnownPerson(name=name, role="witness")
    for mention in mentions:
        result = redact(f"Later {mention} was seen.", known_people=[person])
        assert result.text == "Later [PERSON B] was seen.", mention


def test_known_details_are_removed_in_any_spacing() -> None:
    text = (
        "Victim at 14 Acacia Road (LS6 2AB), phone 07700900123, k.nowak@example.com, "
        "kasia_n on Instagram; DOB 3rd April 1987. Price drives ab12cde."
    )
    result = redact(text, known_people=PEOPLE)
    for value in ("Acacia", "LS6", "07700900123", "nowak", "kasia_n", "1987", "ab12cde"):
        assert value.lower() not in result.text.lower()


def test_no_value_of_a_known_person_survives() -> None:
    text = (
        "Katarzyna NOWAK (Kasia) of Flat 2, 14 Acacia Road was abused by PRICE, Gary, known as "
        "Gaz. Mrs Nowak's phone 07700 900123. Gary's car AB12 CDE."
    )
    out = redact(text, known_people=PEOPLE).text.lower()
    for person in PEOPLE:
        words = [person.name, *person.aliases, *person.vehicles, *person.phones]
        for word in " ".join(words).split():
            assert word.lower() not in out, word


def test_labels_are_consistent_and_in_order_of_mention() -> None:
    text = "Bogdan told PC Smith that Nowak was hit by Price. Later Bogdan and Smith left."
    result = redact(text, known_people=PEOPLE)
    assert result.text == (
        "[PERSON B] told PC [PERSON C] that [VICTIM] was hit by [PERPETRATOR]. "
        "Later [PERSON B] and [PERSON C] left."
    )


def test_surname_alone_links_to_the_full_unknown_name() -> None:
    result = redact("His neighbour Ionut Popescu called. Later Popescu came back.")
    assert result.text.count("[PERSON B]") == 2


def test_second_victim_and_plain_names() -> None:
    people = [VICTIM, KnownPerson(name="Ewa Nowak-Lis", role="victim"), "Tom Jones"]
    result = redact("Katarzyna, Ewa and Tom Jones were there.", known_people=people)
    assert result.text == "[VICTIM], [VICTIM 2] and [PERSON B] were there."


@pytest.mark.parametrize(
    "text",
    ["His neighbour Kasia shouted.", "a man called Bogdan shouted", "Mrs Okonkwo shouted.",
     "Her caseworker, Thandiwe, called.", "Officers spoke to Ionut, Mihai and Sorin.",
     "PC 1234 Adeyemi attended.", "DC Kowalczyk attended.", "Sgt Patel attended.",
     "The suspect Jake HOLLOWAY ran off.", "Then SZYMANSKI ran off."],
)  # fmt: skip
def test_people_not_in_the_record_are_found_by_context(text: str) -> None:
    out = redact(text).text
    names = ("Kasia", "Bogdan", "Okonkwo", "Thandiwe", "Ionut", "Mihai", "Sorin", "Adeyemi",
             "Kowalczyk", "Patel", "HOLLOWAY", "Jake", "SZYMANSKI")  # fmt: skip
    assert not any(n in out for n in names), out
    assert "[PERSON B]" in out


def test_spans_point_into_the_original() -> None:
    text = "Nowak (DOB 03/04/1987) rang 07700 900123 about Price."
    result = redact(text, known_people=PEOPLE)
    assert [text[s.start : s.end] for s in result.spans] == [
        "Nowak", "03/04/1987", "07700 900123", "Price"
    ]  # fmt: skip
    assert [s.kind for s in result.spans] == ["person", "date_of_birth", "phone", "person"]
    assert all(isinstance(s, Span) and s == (s.start, s.end, s.kind) for s in result.spans)
    assert len(result.labels) == len(result.spans)


def test_rebuilding_from_spans_gives_the_text() -> None:
    text = "Kasia's neighbour Ionut saw Gaz at 14 Acacia Road, LS6 2AB, on 12/03/2026."
    result = redact(text, known_people=PEOPLE)
    rebuilt, pos = [], 0
    for span, label in zip(result.spans, result.labels, strict=True):
        rebuilt += [text[pos : span.start], label]
        pos = span.end
    assert "".join([*rebuilt, text[pos:]]) == result.text


def test_labels_carry_no_linkable_value() -> None:
    text = "Nowak rang 07700 900123; Bogdan emailed b@example.com; ref CR/12345/26."
    result = redact(text, known_people=PEOPLE)
    for label in result.labels:
        assert re.fullmatch(r"\[(?:[A-Z]+(?: [A-Z]+)*)(?: \d+)?\]", label), label
    assert not re.search(r"[0-9a-f]{6,}", result.text.replace("[", "").lower())


def test_same_text_same_result_and_unrelated_documents_restart_labels() -> None:
    first = redact("Bogdan and Ionut argued.")
    second = redact("Ionut and Bogdan argued.")
    assert first == redact("Bogdan and Ionut argued.")
    assert first.text == second.text == "[PERSON B] and [PERSON C] argued."


def test_mapping_records_are_accepted() -> None:
    record = {"name": "Gary Price", "role": "perpetrator", "aliases": ["Gaz"]}
    assert redact("Gaz laughed.", known_people=[record]).text == "[PERPETRATOR] laughed."


def test_ordinary_word_surname_only_when_capitalised() -> None:
    person = KnownPerson(name="Grace Young", role="witness")
    result = redact("Young people gathered; Mrs Young saw young lads.", known_people=[person])
    assert "young lads" in result.text and "Mrs Young" not in result.text


def test_strand_word_surname_only_with_title_or_possessive() -> None:
    person = KnownPerson(name="Amy White", role="victim")
    result = redact(
        "Mrs White said White's car and a white van were damaged.", known_people=[person]
    )
    assert result.text == "[VICTIM] said [VICTIM]'s car and a white van were damaged."


@pytest.mark.parametrize(
    ("text", "people", "expected", "span"),
    [
        ("Call Anna on Monday.", ["Anna Smith"], "Call [PERSON B] on Monday.", "Anna"),
        ("Call Anna on Monday.", [], "Call [PERSON B] on Monday.", "Anna"),
        ("Call Katarzyna before visiting.", PEOPLE, "Call [VICTIM] before visiting.", "Katarzyna"),
        ("Remind Bogdan that contact is a breach.", [], "Remind [PERSON B] that contact is a "
         "breach.", "Bogdan"),
        ("Contact Teresa-Louise at the office.", [], "Contact [PERSON B] at the office.",
         "Teresa-Louise"),
    ],
)  # fmt: skip
def test_a_verb_opening_the_sentence_is_not_part_of_the_name(
    text: str, people: list[KnownPerson] | list[str], expected: str, span: str
) -> None:
    """Regression: "Call Anna" used to become "[VICTIM]" with "Call" swallowed."""
    result = redact(text, known_people=people)
    assert result.text == expected
    assert [text[s.start : s.end] for s in result.spans] == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Hope Smith said so.", "Hope Smith"),
        ("Big Gaz (as he is known) laughed.", "Big Gaz"),
    ],
)
def test_a_given_name_or_nickname_word_opening_the_sentence_stays_in_the_name(
    text: str, span: str
) -> None:
    result = redact(text)
    assert [text[s.start : s.end] for s in result.spans] == [span]
    assert result.text.startswith("[PERSON B] ")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("August and Robert both saw it.", ["August", "Robert"]),
        ("Her neighbour June has been shouting.", ["June"]),
        ("Owen Ford, who manages the shop, gave a statement.", ["Owen Ford"]),
        ("The group, including Octavia Georgescu and Kristina, shouted.",
         ["Octavia Georgescu", "Kristina"]),
    ],
)  # fmt: skip
def test_given_names_that_are_also_words_are_found_by_context(text: str, names: list[str]) -> None:
    result = redact(text)
    assert [text[s.start : s.end] for s in result.spans] == names
    assert all(s.kind == "person" for s in result.spans)


def test_strand_word_names_in_a_list_are_kept() -> None:
    """Coordination never turns a strand word into a name: the panel needs "Muslim"."""
    result = redact("Anna and Muslim neighbours were abused.")
    assert result.text == "[PERSON B] and Muslim neighbours were abused."


@pytest.mark.parametrize(
    "text",
    [
        "Nobody explained the delay to her.",
        "Anybody at the school could have told us.",
        "Everybody knew, but nobody called back.",
    ],
)
def test_indefinite_pronouns_are_not_names(text: str) -> None:
    """A member's comment that starts "Nobody ..." keeps its meaning: the word is not a
    name, even where a sentence puts a capital on it."""
    assert redact(text).text == text


def test_a_name_after_an_indefinite_pronoun_is_still_found() -> None:
    text = redact("Nobody told Aisha Rahman about the hearing.").text
    assert re.fullmatch(r"Nobody told \[PERSON [A-Z]\] about the hearing\.", text), text
