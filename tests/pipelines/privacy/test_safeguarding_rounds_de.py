"""Rounds D and E of the safeguarding cases (issue 14): disclosures stay caught, the ordinary
traps stay unflagged except the accepted ones, and the polars flag agrees with ``find_markers``
(the flag blanks ordinary phrases in chunks; see ``_blank_ordinary``). Not a blind measure: the
lexicon was changed after each round's first run (figures in ``safeguarding_round_de_cases``).
"""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.privacy.safeguarding import (
    _ORDINARY_CHUNKS,
    ORDINARY_PATTERN,
    _blank_ordinary,
    _polars_pattern,
    find_markers,
    vulnerability_flag_expr,
)
from tests.pipelines.privacy.safeguarding_round_de_cases import (
    DISCLOSURES_D,
    DISCLOSURES_E,
    ORDINARY_D,
    ORDINARY_E,
)

_DISCLOSURES = [text for texts in DISCLOSURES_D.values() for text in texts] + list(DISCLOSURES_E)
_ORDINARY = list(ORDINARY_D) + list(ORDINARY_E)

MISSED = {
    # food from school: no marker word; left out rather than flag "school sends home" everywhere
    "we've been living on what the school sends home",
}

ACCEPTED = {
    # health, pregnancy, a new baby, caring, a fall, a split and disability are FCA drivers of
    # vulnerability: the lexicon flags them even when the request itself is ordinary
    "my dad's house is empty now he's in hospital for a while",
    "I'm a carer for my husband and want to apply for a blue badge",
    "respite care home address change for the council tax bill",
    "I'm pregnant and need to register with the school for next year",
    "we just had a baby and need to add her to the council tax single person review",
    "we split up and he moved out, can I get the single person discount",
    "I'm in hospital next week so the bins will be out late",
    "carer's allowance letter says to contact the council",
    "my son has autism and the school transport is late",
    "disabled son needs the school bus pass renewed",
    "she fell on the ice outside the library, the path needs gritting",
    # someone sleeping rough, reported by a passer-by: a welfare concern worth a look
    "someone is sleeping in the bus shelter, can someone help them",
    # marker words kept because disclosures use them the same way (docs/privacy.md)
    "is the drug and alcohol service building on the bus route",
    "the rehab centre on High St needs a bigger bin",
    "hostel on Queens Rd want a trade waste contract",
    "bailiffs van parked across my drive next door",
    "pre payment meter key for the flat I'm moving into",
    "I was threatened with a fine for putting the wrong bin out, threats like that aren't on",
    "my husband was kicked out of the football team lol, anyway the pitch needs marking",
    "I'm starving, what time does the café in the park close",
    "lonely looking bench needs painting lol",
    # a neighbour's drug use stays a marker: "neighbour smoking weed ... the kids are in there"
    "neighbours smoking cannabis on the balcony every night",
}


def test_rounds_are_distinct_and_sized() -> None:
    assert len(_DISCLOSURES) == len(set(_DISCLOSURES)) == 136
    assert len(_ORDINARY) == len(set(_ORDINARY)) == 252
    assert not set(_DISCLOSURES) & set(_ORDINARY)
    assert set(_DISCLOSURES) >= MISSED
    assert set(_ORDINARY) >= ACCEPTED


def test_disclosures_of_rounds_d_and_e_flag() -> None:
    missed = [text for text in _DISCLOSURES if not find_markers(text)]
    assert set(missed) == MISSED


def test_ordinary_traps_of_rounds_d_and_e_only_accepted_flag() -> None:
    flagged = {text for text in _ORDINARY if find_markers(text)}
    assert flagged <= ACCEPTED, sorted(flagged - ACCEPTED)
    assert len(flagged) / len(_ORDINARY) <= 0.1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("passed to safeguarding team - cust disclosed DV", True),
        ("Safeguarding Department - please update our address for the business rates bill", False),
        ("I work in the safeguarding team and need a parking permit for work", False),
        ("pt says she has taken an overdose of her tablets, 999 called", True),
        ("overdose of weedkiller has killed the grass verge", False),
        ("the kids next door are left alone all night, I hear them crying", True),
        ("my neighbour's dog is left alone all day barking", False),
        ("my carer takes money from my purse", True),
        ("neighbour smoking weed all day and the kids are in there", True),
        ("cannabis smell from the flat below, noise too", False),
    ],
)
def test_words_next_to_the_new_guards(text: str, expected: bool) -> None:
    assert bool(find_markers(text)) is expected


def test_polars_flag_agrees_with_find_markers_on_rounds_d_and_e() -> None:
    texts = _DISCLOSURES + _ORDINARY
    flags = pl.DataFrame({"t": texts}).select(vulnerability_flag_expr("t")).to_series().to_list()
    assert flags == [bool(find_markers(text)) for text in texts]


def test_chunked_blanking_equals_one_alternation() -> None:
    """Rows matched by several chunks included: a phrase must not blank part of a longer one."""
    assert len(_ORDINARY_CHUNKS) > 1
    texts = [*_ORDINARY, "abuse of the disabled bays at the supermarket", None]
    several = "funeral directors booked; the bins are vulnerable to foxes; dead battery"
    hits = [pl.Series([several]).str.contains(chunk)[0] for chunk in _ORDINARY_CHUNKS]
    assert sum(hits) >= 2
    series = pl.Series("t", [*texts, several], dtype=pl.Utf8)
    whole = series.str.replace_all(_polars_pattern(ORDINARY_PATTERN), " ")
    assert _blank_ordinary(series).to_list() == whole.to_list()
