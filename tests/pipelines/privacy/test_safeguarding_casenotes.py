"""Agent shorthand, case-note markers and ordinary-word traps (issue 14).

Sentences written for these tests (the issue's six generator phrasings are quoted from the issue);
none is copied from the blind evaluation sets.
"""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.privacy.safeguarding import (
    ORDINARY_PATTERN,
    find_markers,
    vulnerability_categories_expr,
    vulnerability_flag_expr,
)


def _flag(text: str) -> bool:
    frame = pl.DataFrame({"text": [text]})
    vectorised = frame.select(vulnerability_flag_expr("text")).item()
    assert vectorised == bool(find_markers(text)), text  # polars and Python agree
    return vectorised


@pytest.mark.parametrize(
    "text",
    [
        # the six phrasings issue 14 names
        "cust disclosed DA",
        "vuln cust - PPM no credit",
        "cust disclosed MH issues",
        "cust has no food, signposted foodbank",
        "cust tearful, struggling financially",
        "i'm on my own with the kids and struggling",
        # more shorthand and case-note forms
        "hx of DV, ref to IDVA, marac booked",
        "ct query, cust NFA, sofa surfing at brothers",
        "s/h thoughts disclosed, crisis line number given",
        "CP plan in place, SW informed of new address",
        "concern passed to ASC re elderly tenant",
        "carer breakdown, respite requested",
        "cust relapsed, drinking again since job loss",
        "tenant on methadone, collects from chemist",
        "new baby born prem, partner in NICU every day",
        "cust has nothing in the cupboards, cupboards are bare",
        "sitting in dark most nights to save electric",
        "gave them my bank details and £300 has gone from my account",
    ],
)
def test_shorthand_and_case_notes_flag(text: str) -> None:
    assert _flag(text)


@pytest.mark.parametrize(
    "text",
    [
        # a carer visiting, a care home address, "end it" about a contract (the examples)
        "my carer comes every day and needs a parking permit",
        "I'm a carer at the care home on Elm Road, our bins were missed",
        "I want to end it, the direct debit I mean, paying in full",
        "cust wants to end it - garden waste subscription - refund raised",
        # "nfa" meaning no further action
        "checked, nfa, case closed",
        # ordinary service words that share a marker word
        "funeral directors asking to suspend two bays for a cortege",
        "crematorium query passed to bereavement services",
        "abuse of the bin store by fly tippers again",
        "refuge collection missed on our road",
        "vulnerable road users at the new junction",
        "is my house vulnerable to flooding",
        "what safeguarding training do library volunteers need",
        "car battery died so could not move it for the sweeper",
        "the hanging baskets have all died",
        "is this a scam or real? I have not clicked it",
        "my cat's pregnant and keeps getting in the bin shed",
        "disabled parking bay application, has a blue badge",
        "dropped kerb for my mobility scooter, how much",
        "no heating or hot water, boiler engineer please",
        "I live on my own now, single person discount please",
        "how do I register my baby's birth",
        "Maria da Silva paid the council tax",  # "da" is not DA
    ],
)
def test_ordinary_traps_do_not_flag(text: str) -> None:
    assert not _flag(text)


def test_ordinary_phrases_only_blank_the_phrase_not_the_contact() -> None:
    """A disclosure next to an ordinary phrase still flags: only the phrase is blanked."""
    assert _flag("funeral directors rang; she said she wants to end it all after he died")
    assert _flag("is this a scam? I already gave them my card details")
    assert ORDINARY_PATTERN.startswith("(?i)")


def test_categories_column_agrees_with_find_markers_and_the_flag() -> None:
    from pathlib import Path

    texts = pl.read_csv(Path(__file__).parent / "fixtures" / "disclosures.csv")["text"].to_list()
    frame = pl.DataFrame({"text": [*texts, None, ""]}, schema={"text": pl.Utf8})
    out = frame.select(
        vulnerability_flag_expr("text").alias("flag"),
        vulnerability_categories_expr("text").alias("categories"),
    )
    for text, flag, categories in zip(frame["text"], out["flag"], out["categories"], strict=True):
        assert categories == ";".join(find_markers(text))
        assert flag == bool(categories)
