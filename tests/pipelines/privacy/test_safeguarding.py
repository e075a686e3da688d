"""Safeguarding markers: recall on labelled disclosures, false positives on ordinary text."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.privacy.redact import redact_text_column
from pipelines.privacy.safeguarding import LEXICON, find_markers, vulnerability_flag_expr
from tests.conftest import SHARED_DATA

FIXTURE = Path(__file__).parent / "fixtures" / "disclosures.csv"


@pytest.fixture(scope="module")
def flagged() -> pl.DataFrame:
    frame = pl.read_csv(FIXTURE)
    return frame.with_columns(vulnerability_flag_expr("text").alias("flag"))


def test_labelled_set_size(flagged: pl.DataFrame) -> None:
    disclosures = flagged.filter(pl.col("is_disclosure") == 1)
    assert disclosures.height >= 100
    assert flagged.height - disclosures.height >= 100
    assert set(disclosures.get_column("category").unique()) <= set(LEXICON)


def test_recall_on_disclosures_and_false_positive_rate(flagged: pl.DataFrame) -> None:
    disclosures = flagged.filter(pl.col("is_disclosure") == 1)
    ordinary = flagged.filter(pl.col("is_disclosure") == 0)
    recall = disclosures.get_column("flag").mean()
    false_positive_rate = ordinary.get_column("flag").mean()
    print(
        f"safeguarding recall {recall:.3f} on {disclosures.height}, "
        f"false positives {false_positive_rate:.3f} on {ordinary.height}"
    )
    assert recall >= 0.95
    assert false_positive_rate <= 0.05


@pytest.mark.parametrize("origin", ["direct", "indirect", "indirect_heldout", "round3"])
def test_recall_holds_for_indirect_and_third_party_disclosures(
    flagged: pl.DataFrame, origin: str
) -> None:
    """Disclosures written without naming the risk ("saving up my tablets", "we're all in one
    room at my mum's"). The lexicon first caught 11 of 32 "indirect", then 8 of 26
    "indirect_heldout" and 39 of 80 "round3" sentences (a blind set by someone who never saw the
    lexicon; docs/privacy.md); all are now asserted so they stay caught."""
    rows = flagged.filter((pl.col("origin") == origin) & (pl.col("is_disclosure") == 1))
    recall = rows.get_column("flag").mean()
    print(f"safeguarding recall on {origin}: {recall:.3f} of {rows.height}")
    assert rows.height >= 25
    assert recall >= 0.95


def test_markers_name_the_right_category(flagged: pl.DataFrame) -> None:
    disclosures = flagged.filter(pl.col("is_disclosure") == 1)
    right = sum(
        category in find_markers(text)
        for text, category in disclosures.select("text", "category").iter_rows()
    )
    assert right / disclosures.height >= 0.95


def test_vectorised_flag_and_python_markers_agree(flagged: pl.DataFrame) -> None:
    """The same lexicon runs in polars (Rust regex) and in Python's re: they must agree."""
    for text, flag in flagged.select("text", "flag").iter_rows():
        assert flag == bool(find_markers(text)), text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my neighbour says she wants to end it", "suicide_self_harm"),
        ("I'm not suicidal but I can't sleep", "suicide_self_harm"),
        ("I DON'T WANT TO BE HERE ANY MORE", "suicide_self_harm"),
        ("my partner hit me", "domestic_abuse"),
        ("I'm scared of him", "domestic_abuse"),
        ("he's violent", "domestic_abuse"),
        ("we got a section 21 notice", "homelessness"),
        ("sofa surfing since May", "homelessness"),
        ("the enforcement agent came", "debt"),
        ("I cant afford it", "debt"),
        ("my prepayment meter ran out", "fuel_poverty"),
        ("mum is 90, lives alone and had a fall", "elderly_isolation"),
        ("I just can't cope", "coping"),
    ],
)
def test_brief_phrasings_flag(text: str, category: str) -> None:
    assert category in find_markers(text)
    assert pl.DataFrame({"t": [text]}).select(vulnerability_flag_expr("t")).item() is True


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("she says she's classed as a vulnerable person", "explicit"),
        ("I honestly don't see the point any more", "suicide_self_harm"),
        ("I've been hoarding my pills", "suicide_self_harm"),
        ("he reads all my letters before I do", "domestic_abuse"),
        ("please don't leave a message on this number", "domestic_abuse"),
        ("we're stuck in a B&B with the kids", "homelessness"),
        ("had to pick between paying the rent and eating", "debt"),
        ("borrowed from a man at the pub and he wants twice that back", "debt"),
        ("my key has run out and we're sat in the dark", "fuel_poverty"),
        ("I do all her washing and dressing", "carer"),
        ("since my mum passed I can't sleep", "bereavement"),
        ("he's been hearing voices again", "mental_health"),
        ("I was in tears on the bus, it's all getting too much", "coping"),
        ("nobody's seen the old man next door for a week", "elderly_isolation"),
        ("I can't manage the stairs since my hip operation", "health"),
        ("I haven't got a computer", "capability"),
        ("I was released from prison yesterday", "life_events"),
        ("a man she met online keeps messaging her", "safeguarding_child"),
        ("a bloke knocked at the door offering to do the drive", "exploitation"),
    ],
)
def test_phrasing_families_flag(text: str, category: str) -> None:
    """Paraphrases of the families behind the round3 misses, not the fixture's sentences."""
    assert category in find_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "The tree fell on the fence in the storm",
        "I work as a carer for a local agency",
        "The evicted tenant left rubbish in the garden of my rental property",
        "Our church wants to donate tins to the food bank",
        "my mum's 80 next week and we want to book the community hall",
        "How do I top up the prepayment card for the leisure centre",
        "I ordered a pencil for crying out loud",
        "I do not understand why my pass-code is not working",
        "I couldn't pay with my card in a shop",
        "The bins were left on their own at the end of the road",
    ],
)
def test_ordinary_requests_near_the_markers_do_not_flag(text: str) -> None:
    """Hard negatives from the fixture and Banking77 that earlier lexicons flagged."""
    assert find_markers(text) == []


def test_null_and_empty_text_are_false_not_null() -> None:
    frame = pl.DataFrame({"t": [None, "", "bin missed"]}, schema={"t": pl.Utf8})
    flags = frame.select(vulnerability_flag_expr("t")).to_series()
    assert flags.to_list() == [False, False, False]
    assert find_markers(None) == [] and find_markers("") == []


def test_flag_runs_on_original_text_and_survives_redaction_order() -> None:
    """Ingest flags first, then redacts: a disclosure next to a name is still flagged."""
    frame = pl.DataFrame(
        {"text": ["my name is Jo Bloggs and the bailiffs came, call 07700 900123"]}
    )
    flagged = frame.with_columns(vulnerability_flag_expr("text").alias("vulnerability_flag"))
    out = redact_text_column(flagged, "text")
    assert out.get_column("vulnerability_flag").to_list() == [True]
    assert out.get_column("text_redacted").to_list() == [
        "my name is [NAME] and the bailiffs came, call [PHONE]"
    ]


@pytest.mark.skipif(
    not (SHARED_DATA / "banking77" / "train.csv").exists(),
    reason="shared/data/banking77 is not present",
)
def test_false_positive_rate_on_real_customer_queries() -> None:
    """Banking77: 10,003 real queries about cards and payments, a stand-in for ordinary text."""
    frame = pl.read_csv(SHARED_DATA / "banking77" / "train.csv")
    rate = frame.select(vulnerability_flag_expr("text")).to_series().mean()
    print(f"banking77 flagged rate: {rate:.4f}")
    assert rate <= 0.005
