"""The round-2 blind evaluation sets are what their builder writes, and its checks hold.

Fast: no redactor and no lexicon run here. Failure messages name row ids and file names only,
never the text of a held-out row (people tuning the redactor must not see it).
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROUND2 = Path(__file__).resolve().parent / "fixtures" / "round2"


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_round2", ROUND2 / "build_round2.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pii() -> list[dict]:
    lines = (ROUND2 / "pii_round2_heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (ROUND2 / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_files_are_what_the_builder_writes(builder: ModuleType) -> None:
    stale = [
        path.name
        for path, body in builder.render().items()
        if path.read_text(encoding="utf-8") != body
    ]
    assert stale == [], "run tests/pipelines/privacy/fixtures/round2/build_round2.py"


def test_spans_match_the_text_and_do_not_overlap(pii: list[dict], builder: ModuleType) -> None:
    bad = []
    for row in pii:
        end = 0
        for span in row["spans"]:
            ok = (
                row["text"][span["start"] : span["end"]] == span["text"]
                and span["start"] >= end
                and span["type"] in builder.TYPES.values()
            )
            if not ok:
                bad.append(row["id"])
            end = span["end"]
    assert bad == []
    assert len(pii) >= 360
    assert sum(1 for row in pii if not row["spans"]) >= 100


def test_every_type_is_present(pii: list[dict]) -> None:
    kinds = Counter(span["type"] for row in pii for span in row["spans"])
    for kind in ("NAME", "ADDRESS", "DOB", "PHONE", "POSTCODE", "EMAIL", "NI", "NHS", "CARD"):
        assert kinds[kind] >= 10, kind


def test_nhs_numbers_pass_modulus_11_and_cards_pass_luhn(
    pii: list[dict], builder: ModuleType
) -> None:
    bad = []
    seen = Counter()
    for row in pii:
        for span in row["spans"]:
            if span["type"] == "NHS":
                seen["NHS"] += 1
                if not builder.nhs_valid(builder.spoken_digits(span["text"])):
                    bad.append(row["id"])
            if span["type"] == "CARD":
                seen["CARD"] += 1
                if not builder.luhn_valid(builder.spoken_digits(span["text"])):
                    bad.append(row["id"])
    assert bad == []
    assert seen["NHS"] >= 10 and seen["CARD"] >= 10


def test_the_checksum_checks_can_fail(builder: ModuleType) -> None:
    assert builder.nhs_valid("9434765919")  # the NHS's published example number
    assert not builder.nhs_valid("9434765918")
    assert builder.luhn_valid("4111111111111111")
    assert not builder.luhn_valid("4111111111111112")
    assert builder.spoken_digits("oh seven seven double oh, nine double oh") == "07700900"


def test_builder_rejects_badly_labelled_rows(builder: ModuleType) -> None:
    text, spans = builder.parse_marked("spoke to Mrs {N:Okoye} on {P:07700 900 000}")
    assert text == "spoke to Mrs Okoye on 07700 900 000"
    assert [(s["type"], s["start"], s["end"]) for s in spans] == [
        ("NAME", 13, 18),
        ("PHONE", 22, 35),
    ]
    for marked in (
        "spoke to {N:Mrs Okoye}",  # title inside the span
        "DOB {D:DOB 01/02/1990}",  # cue inside the span
        "NHS {NHS:943 476 5918}",  # fails modulus 11
        "card {C:4111 1111 1111 1112}",  # fails Luhn
        "c/o {A:c/o 3 Mill Lane}",  # cue inside the span
        "Caller: it's {N:Boyle}, B-O-Y-L-E",  # a spelled-out name left unlabelled
    ):
        text, spans = builder.parse_marked(marked)
        with pytest.raises(builder.FixtureError):
            builder.check_pii([{"id": "x", "text": text, "spans": spans}])


def test_no_duplicates_and_no_text_in_both_safeguarding_files(builder: ModuleType) -> None:
    disclosures = _csv_rows("disclosures_round2_heldout.csv")
    ordinary = _csv_rows("ordinary_round2_heldout.csv")
    assert len(disclosures) >= 200 and len(ordinary) >= 250
    counts = Counter(row["category"] for row in disclosures)
    assert set(counts) == set(builder.CATEGORIES)
    assert min(counts.values()) >= 12
    norm = builder._normal
    for rows in (disclosures, ordinary):
        texts = [norm(row["text"]) for row in rows]
        assert len(texts) == len(set(texts))
    both = {norm(r["text"]) for r in disclosures} & {norm(r["text"]) for r in ordinary}
    assert not both, "a text is in both the disclosure and the ordinary file"


def test_no_round2_text_is_in_an_earlier_set_or_fixture(
    builder: ModuleType, pii: list[dict]
) -> None:
    rows = {row["id"]: row["text"] for row in pii}
    rows.update({r["id"]: r["text"] for r in _csv_rows("disclosures_round2_heldout.csv")})
    rows.update({r["id"]: r["text"] for r in _csv_rows("ordinary_round2_heldout.csv")})
    assert len(builder.earlier_texts()) > 1000  # the earlier files were really read
    assert builder.overlaps_with_earlier(rows) == []
