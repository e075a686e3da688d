"""Word families of disclosures and the ordinary traps next to them (issue 14, generalisation).

The cases are in ``safeguarding_family_cases.py`` (written for this work, one block per
evaluation category; none copied from the blind evaluation sets), in three rounds. Each round
was scored once before the lexicon was changed for it: the first caught 0.606 of its
disclosures and flagged 0.240 of its ordinary traps; the second, written after the first
round's families were in, caught 0.656 and flagged 0.139; the third, after the second's cues,
0.633 and 0.187. The lexicon was then widened by word family and cue word, so these tests say
the families stay caught; they are not a blind measure (docs/privacy.md).
"""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.privacy.safeguarding import (
    LEXICON,
    find_markers,
    vulnerability_categories_expr,
    vulnerability_flag_expr,
)
from tests.pipelines.privacy.safeguarding_family_cases import (
    DISCLOSURES,
    DISCLOSURES_B,
    DISCLOSURES_C,
    ORDINARY,
    ORDINARY_B,
    ORDINARY_C,
)

_DISCLOSURE_ROWS = [
    (category, text)
    for rounds in (DISCLOSURES, DISCLOSURES_B, DISCLOSURES_C)
    for category, texts in rounds.items()
    for text in texts
]
_ORDINARY_ROWS = ORDINARY + ORDINARY_B + ORDINARY_C


def test_every_evaluation_category_has_cases() -> None:
    assert set(DISCLOSURES) == set(DISCLOSURES_B) == set(DISCLOSURES_C)
    assert len(DISCLOSURES) == 16
    assert all(len(texts) >= 12 for texts in DISCLOSURES.values())
    assert all(len(texts) >= 8 for texts in (*DISCLOSURES_B.values(), *DISCLOSURES_C.values()))
    assert len(_ORDINARY_ROWS) >= 340 and len(set(_ORDINARY_ROWS)) == len(_ORDINARY_ROWS)
    texts = [text for _, text in _DISCLOSURE_ROWS]
    assert len(set(texts)) == len(texts)
    assert not set(texts) & set(_ORDINARY_ROWS)


@pytest.mark.parametrize(("category", "text"), _DISCLOSURE_ROWS)
def test_disclosure_families_flag(category: str, text: str) -> None:
    assert find_markers(text), f"{category}: {text}"


def test_ordinary_traps_mostly_do_not_flag() -> None:
    """Only the accepted ordinary traps flag (``ACCEPTED``, 4 of 351)."""
    flagged = [text for text in _ORDINARY_ROWS if find_markers(text)]
    assert set(flagged) <= ACCEPTED, [text for text in flagged if text not in ACCEPTED]


ACCEPTED = {
    # "can't afford" and "can't pay" stay markers: they are how most residents say it
    "can't afford the new garden waste charge, it's a rip off",
    "i cant pay today, can i pay tomorrow",
    # children crying is a child-safeguarding word; the reason given does not undo it
    "my kids were crying because the bin men took their bike",
    # "bailiff" stays a marker: the most common debt disclosure (docs/privacy.md)
    "the bailiff letter was sent to my old address, I've paid",
}


@pytest.mark.parametrize(
    "text",
    [
        "this queue is killing me, ive been waiting 40 mins",
        "what are the opening hours of the housing options homeless team",
        "can i have the phone number for the vulnerable adults team",
        "abuse of the disabled bays at the supermarket",
        "no gas supply to the new build yet",
        "the blind on the library window is broken",
        "wheelchair access ramp at the town hall is blocked by bins",
        "parking at the hospital is a nightmare",
        "installed 175 MH lamp, light on",
        "this case is 41 days old",
        "Rang re SI exemption, passed to CT team",
        "condensation is running down the widows",
        "Cust called re no heating, boiler engineer booked",
        "the drains are overwhelmed every time it rains",
        "s/h furniture donation query",
        "dog grooming van needs a permit",
        "mental health awareness week stall in the market square",
        "can you end it now, the subscription, i dont need it",
    ],
)
def test_ordinary_uses_of_marker_words_do_not_flag(text: str) -> None:
    assert find_markers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # the same words as a disclosure still flag when the guard's context is absent
        "no heating and I can't afford to top up the meter",
        "I'm registered blind",
        "I'm a wheelchair user",
        "just come out of hospital after my operation",
        "I feel so isolated since the divorce",
        "I'm completely overwhelmed",
        "cust disclosed MH, tearful",
        "my baby is only 3 days old and we have no heating or money",
        "she's being groomed online",
        "need the number for the homeless team, I'm sleeping in my car tonight",
    ],
)
def test_guards_leave_disclosures_flagged(text: str) -> None:
    assert find_markers(text)


def test_polars_and_python_agree_on_every_case() -> None:
    """The families run in Rust's regex (polars) and Python's re: flags and categories agree."""
    texts = [text for _, text in _DISCLOSURE_ROWS] + list(_ORDINARY_ROWS)
    frame = pl.DataFrame({"text": texts})
    out = frame.select(
        vulnerability_flag_expr("text").alias("flag"),
        vulnerability_categories_expr("text").alias("categories"),
    )
    for text, flag, categories in zip(texts, out["flag"], out["categories"], strict=True):
        assert categories == ";".join(find_markers(text)), text
        assert flag == bool(categories), text


def test_categories_are_the_lexicons() -> None:
    for _, text in _DISCLOSURE_ROWS:
        assert set(find_markers(text)) <= set(LEXICON)
