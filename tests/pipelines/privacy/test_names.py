"""Names without cue words (issue 14): gazetteer, capitalisation and context.

The sentences here are written for these tests; none is taken from the evaluation sets.
"""

from __future__ import annotations

import pytest

from pipelines.privacy.names import FIRST_NAMES, SURNAMES, word_class
from pipelines.privacy.redact import redact_texts


def test_gazetteer_is_shipped_and_broad() -> None:
    assert len(FIRST_NAMES) > 5000 and len(SURNAMES) > 10000
    for name in ("margaret", "tomasz", "aisha", "siobhan", "niamh", "priya"):
        assert name in FIRST_NAMES
    for name in ("okafor", "patel", "smith", "murphy", "khan", "adeyemi", "popescu"):
        assert name in SURNAMES


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Margaret", "F"),
        ("Okafor", "S"),
        ("Grace", "A"),  # a name and an ordinary word
        ("Will", "A"),
        ("Mark", "A"),
        ("Council", "C"),
        ("Leeds", "C"),
        ("Irish", "C"),
        ("Zbyszkowiak", "U"),  # in no list
    ],
)
def test_word_classes(word: str, expected: str) -> None:
    assert word_class(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no cue word at all: a first name, or a first name and surname
        ("Margaret rang about the brown bin", "[NAME] rang about the brown bin"),
        ("cust Olena Kravchenko adv bin missed", "cust [NAME] adv bin missed"),
        ("Caller Wojtek Nowak says the gate is broken", "Caller [NAME] says the gate is broken"),
        ("Yasmin here, ring me back please", "[NAME] here, ring me back please"),
        # cues the issue names
        ("I am writing as Eleri Pugh (leaseholder)", "I am writing as [NAME] (leaseholder)"),
        ("spoke to Dimitri at the depot", "spoke to [NAME] at the depot"),
        ("my neighbour Kofi has a key", "my neighbour [NAME] has a key"),
        ("post c/o Teodora Ilie please", "post c/o [NAME] please"),
        ("Dear Ms Okonkwo-Hale,", "Dear Ms [NAME],"),
        ("Kind regards,\nBethan Lloyd-Jones", "Kind regards,\n[NAME]"),
        # lower case after a cue
        ("spoke to fiona on reception", "spoke to [NAME] on reception"),
        ("my partner callum is the tenant", "my partner [NAME] is the tenant"),
        ("hi this is bernadette from no 4", "hi this is [NAME] from no 4"),
        # spelled out
        ("surname is Quigley, Q-U-I-G-L-E-Y", "surname is [NAME], [NAME]"),
    ],
)
def test_names_without_the_old_cues(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # ordinary words that are also names, with no sign that they name a person
        "Will you empty the bin on Friday?",
        "Grace period ends on the 14th",
        "Bill for the garden waste is wrong",
        "Rose bushes are over the path",
        "Hope the lorry comes today",
        "my son will pay it tomorrow",
        # streets, places, organisations, topics
        "Victoria Street has potholes",
        "the Clifton Medical Practice letter",
        "St Anne's school gate",
        "Council Tax reduction form",
        "I moved from Leeds in March",
        "Marie Curie collected the sofa",
        "Caller: Ring me back on the mobile",
        "Collection from 6 Jan",
        "this is London Road calling",
        "P60 from work attached",
    ],
)
def test_ordinary_capitalised_words_are_kept(text: str) -> None:
    assert redact_texts([text]) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regards, Will", "Regards, [NAME]"),  # a sign-off says it is a name
        ("passed to Will in enforcement", "passed to [NAME] in enforcement"),
        ("Rose from the tenants group rang", "[NAME] from the tenants group rang"),
        ("Thanks, Grace", "Thanks, [NAME]"),
    ],
)
def test_ordinary_word_names_with_context(text: str, expected: str) -> None:
    assert redact_texts([text]) == [expected]


def test_a_name_is_not_replaced_inside_a_longer_word_elsewhere() -> None:
    out = redact_texts(["Regards, Dean", "the Deanery car park is full"])
    assert out == ["Regards, [NAME]", "the Deanery car park is full"]
