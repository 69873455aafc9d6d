"""Every kind of identifier is removed and labelled; the words around it stay."""

from __future__ import annotations

import pytest

from riskpanel.privacy import redact

CASES = [
    ("postcode", "She lives near LS6 2AB now.", "LS6 2AB", "[POSTCODE]"),
    ("postcode lower", "postcode ls11 9xy given", "ls11 9xy", "[POSTCODE]"),
    ("postcode district", "in the postcode district BD3 only", "BD3", "[POSTCODE]"),
    ("mobile", "Call 07700 900123 after six.", "07700 900123", "[PHONE]"),
    ("mobile intl", "Call +44 7700 900 123 today.", "+44 7700 900 123", "[PHONE]"),
    ("mobile dashes", "Call 07700-900-123 today.", "07700-900-123", "[PHONE]"),
    ("landline", "Landline (0113) 496 0000 works.", "(0113) 496 0000", "[PHONE]"),
    ("london", "Ring 020 7946 0018 please.", "020 7946 0018", "[PHONE]"),
    ("plus zero", "Ring +44(0)115 4960914 please.", "+44(0)115 4960914", "[PHONE]"),
    ("email", "Email kasia.n@example.org now.", "kasia.n@example.org", "[EMAIL]"),
    ("ni spaced", "NI number AB 12 34 56 C held.", "AB 12 34 56 C", "[NI NUMBER]"),
    ("ni compact", "NI number JK123456D held.", "JK123456D", "[NI NUMBER]"),
    ("vehicle current", "A car AB12 CDE drove off.", "AB12 CDE", "[VEHICLE]"),
    ("vehicle prefix", "A car A123 BCD drove off.", "A123 BCD", "[VEHICLE]"),
    ("vehicle suffix", "A car ABC 123D drove off.", "ABC 123D", "[VEHICLE]"),
    ("vehicle cued", "Registration: 1 XYZ was noted.", "1 XYZ", "[VEHICLE]"),
    ("crime ref CR", "Crime ref CR/12345/26 refers.", "CR/12345/26", "[CRIME REF]"),
    ("crime ref force", "See 01/123456/25 for details.", "01/123456/25", "[CRIME REF]"),
    ("crime ref year", "Filed as 42/1234/2026 today.", "42/1234/2026", "[CRIME REF]"),
    ("CAD", "CAD 1234 refers.", "1234", "[CRIME REF]"),
    ("URN", "URN 12AB3456789 was created.", "12AB3456789", "[CRIME REF]"),
    ("occurrence", "Occurrence number 2026000123 logged.", "2026000123", "[CRIME REF]"),
    ("collar PC", "PC 1234 attended.", "1234", "[COLLAR NUMBER]"),
    ("collar PCSO", "PCSO 5678 attended.", "5678", "[COLLAR NUMBER]"),
    ("collar word", "Officer with collar 4321 attended.", "4321", "[COLLAR NUMBER]"),
    ("handle at", "He posts as @gaz_p88 online.", "@gaz_p88", "[HANDLE]"),
    ("handle reddit", "Posts by u/angry_neighbour were seen.", "u/angry_neighbour", "[HANDLE]"),
    ("handle tiktok", "She is on TikTok as kasia.uk daily.", "kasia.uk", "[HANDLE]"),
    ("handle cue", "His username is darkwolf77 there.", "darkwolf77", "[HANDLE]"),
    ("school", "Her son attends Beeston Primary School now.", "Beeston Primary School", "[SCHOOL]"),
    ("saint school", "A pupil at St Mary's Academy said so.", "St Mary's Academy", "[SCHOOL]"),
    ("workplace suffix", "He drives for Kirkstall Builders Ltd daily.", "Kirkstall Builders Ltd",
     "[WORKPLACE]"),
    ("workplace cue", "He works at Tesco on nights.", "Tesco", "[WORKPLACE]"),
    ("address", "They live at 12 Acacia Road, Leeds.", "12 Acacia Road", "[ADDRESS]"),
    ("flat", "She lives at Flat 3, 45 Mill Lane now.", "Flat 3, 45 Mill Lane", "[ADDRESS]"),
    ("street alone", "Patrols on Harehills Lane continue.", "Harehills Lane", "[ADDRESS]"),
    ("dob slash", "DOB 03/04/1987 recorded.", "03/04/1987", "[DATE OF BIRTH]"),
    ("dob words", "She was born on 3 April 1987 in Leeds.", "3 April 1987", "[DATE OF BIRTH]"),
    ("dob ordinal", "Date of birth: 3rd of April 1987.", "3rd of April 1987", "[DATE OF BIRTH]"),
    ("dob iso", "D.O.B. 1987-04-03 confirmed.", "1987-04-03", "[DATE OF BIRTH]"),
    ("dob year", "He was born in 1987 abroad.", "1987", "[DATE OF BIRTH]"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "value", "label"), CASES, ids=[c[0] for c in CASES])
def test_identifier_removed_and_labelled(name: str, text: str, value: str, label: str) -> None:
    result = redact(text)
    assert value not in result.text
    assert label in result.text


def test_incident_dates_stay() -> None:
    result = redact("On 12/03/2026 at 2300 hours the windows were smashed.")
    assert "12/03/2026" in result.text


def test_date_after_name_is_a_date_of_birth() -> None:
    result = redact("Subject: NOWAK, Piotr (03/04/1987) was arrested.")
    assert "03/04/1987" not in result.text and "[DATE OF BIRTH]" in result.text


@pytest.mark.parametrize(
    "word",
    ["mosque", "hijab", "wheelchair", "gay", "transgender", "Polish", "Muslim", "Jewish",
     "synagogue", "Romanian", "autistic", "Black", "Asian", "Gypsy", "Traveller", "Sikh"],
)  # fmt: skip
def test_hostility_words_kept_even_capitalised(word: str) -> None:
    text = f"The man shouted abuse. {word.capitalize()} people were targeted; a {word} was named."
    result = redact(text)
    assert result.text.count(word) + result.text.count(word.capitalize()) >= 2


def test_abuse_shouted_in_capitals_is_kept() -> None:
    result = redact('He shouted "GO BACK TO POLAND" at the Polish family.')
    assert "GO BACK TO POLAND" in result.text


def test_agencies_and_places_are_not_people() -> None:
    text = "Victim Support and Leeds City Council attended the Crown Court in Bradford."
    assert redact(text).text == text
