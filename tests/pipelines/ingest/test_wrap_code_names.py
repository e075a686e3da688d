"""Issue 14: a wrap-up code or queue name that is a person's name typed in lower case (no title,
no capital, no cue) is still a name, and must never be stored or become a topic name."""

from __future__ import annotations

import polars as pl

from pipelines.ingest.free_text import protect_wrap_codes, redact_queue, taxonomy_codes
from pipelines.privacy import redact_name_words

CODES = {
    "tabitha throckmorton": "[NAME]",
    "margaret nowak - cb": "[NAME] - cb",
    "cb aisha okafor 2pm": "cb [NAME] 2pm",
    "WOJCIECH KOWALSKI": "[NAME]",
    "kowalski": "[NAME]",
    "john smith": "[NAME]",  # both also ordinary words, but a first name then a surname
    "rose okafor": "[NAME]",
    # ordinary service words, also first names or surnames in the lists: kept
    "missed bin": "missed bin",
    "bulky waste - collection booked": "bulky waste - collection booked",
    "council tax - direct debit": "council tax - direct debit",
    "mark as resolved": "mark as resolved",
    "will call back": "will call back",
    "rose garden bench": "rose garden bench",
    "smith": "smith",  # a lone word that is also an ordinary word: no sign it is a name
    "pest control - rats": "pest control - rats",
    "sue ryder shop": "sue ryder shop",  # a charity named after a person
    "PWDx_District 08: Hyde Park": "PWDx_District 08: Hyde Park",  # a place (Boston 311 queue)
}


def test_lower_case_name_codes_are_redacted_and_service_codes_kept() -> None:
    codes = pl.Series("wrap_up_code", [*CODES, None], dtype=pl.Utf8)
    stored, discloses = protect_wrap_codes(codes, taxonomy_codes(None), None)
    assert stored.to_list() == [*CODES.values(), None]
    assert not any(discloses.to_list())


def test_lower_case_name_queues_are_redacted() -> None:
    queues = pl.Series("queue", ["housing repairs", "priya patel", "Council tax", None])
    assert redact_queue(queues, None).to_list() == [
        "housing repairs",
        "[NAME]",
        "Council tax",
        None,
    ]


def test_redact_name_words_is_the_gazetteer_in_any_case() -> None:
    assert redact_name_words("chidi okafor") == "[NAME]"
    assert redact_name_words("Street lighting fault") == "Street lighting fault"
    assert redact_name_words("") == ""
