"""Addresses, dates of birth, NI numbers and spoken phone numbers (issue 14).

Sentences written for these tests; none is copied from the blind evaluation sets.
"""

from __future__ import annotations

import pytest

from pipelines.privacy.redact import redact_texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("moved to Flat 7, Hawthorn House, 9 Orchard Street", "moved to [ADDRESS]"),
        ("send it to Unit 3, Canal Side Business Park, Dock Road", "send it to [ADDRESS]"),
        ("tenant at flat 5, 40 abbey rd reports mould", "tenant at [ADDRESS] reports mould"),
        ("she lives at 22 Marlow House now", "she lives at [ADDRESS] now"),
        ("Caller: it's thirty-one Linnet Close", "Caller: it's [ADDRESS]"),
        ("the house is called Willow Cottage, Mill Road", "the house is called [ADDRESS]"),
        ("im at 17 hazel grove, near the shops", "im at [ADDRESS], near the shops"),
        ("parcel for 8b Northgate please", "parcel for [ADDRESS] please"),
    ],
)
def test_addresses(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "3 bags on the road again",
        "2 black bins by the lane",
        "flat 12 needs a new lock",  # a bare flat number is not an address
        "St Marys Road has potholes",
        "Jubilee Court bin store is full",
    ],
)
def test_ordinary_numbers_and_streets_are_kept(text: str) -> None:
    assert redact_texts([text]) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dob given 5/9/72 but record differs", "dob given [DOB] but record differs"),
        ("DOB 1981, lives alone", "DOB [DOB], lives alone"),
        ("my son (born 2009) is at college", "my son (born [DOB]) is at college"),
        ("d.o.b. confirmed as 14 Feb 1990", "d.o.b. confirmed as [DOB]"),
        ("DOB 120384 on the form", "DOB [DOB] on the form"),
    ],
)
def test_dates_of_birth(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]


@pytest.mark.parametrize(
    "text",
    ["bin collection 14/05/2026", "appointment booked for 3 March 2026", "paid since 1998"],
)
def test_service_dates_are_kept(text: str) -> None:
    assert redact_texts([text]) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NI number is qq 12 34 56 c", "NI number is [NINO]"),
        ("NINO: QQ123456A", "NINO: [NINO]"),
        ("national insurance ab 12 34 56 d", "national insurance [NINO]"),
        ("her NI is jy 65 43 21 b", "her NI is [NINO]"),
    ],
)
def test_ni_numbers_after_a_cue_in_any_case_and_spacing(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on oh seven nine double oh, one two three, four five six", "call me on [PHONE]"),
        ("it's plus four four seven seven double oh nine double oh one two three", "it's [PHONE]"),
        ("oh one six one, four nine six, oh double oh oh", "[PHONE]"),
    ],
)
def test_phone_numbers_in_words(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]


def test_counting_words_are_not_phone_numbers() -> None:
    text = "one two three four five six seven bags"  # 7 digits, no leading 0
    assert redact_texts([text]) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postcode is B S nine, four D H", "postcode is [POSTCODE]"),
        ("Caller: N W eleven, seven Q P.", "Caller: [POSTCODE]."),
    ],
)
def test_postcodes_read_out(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]
