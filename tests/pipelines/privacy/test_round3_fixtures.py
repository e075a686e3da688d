"""The round-3 blind evaluation sets are what their builder writes, and their format holds.

Format only: no redactor and no lexicon run here. Failure messages name row ids and file names
only, never the text of a held-out row (people tuning the redactor must not see it).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROUND3 = Path(__file__).resolve().parent / "fixtures" / "round3"
PII = "pii_round3_heldout.jsonl"
DISCLOSURES = "disclosures_round3_heldout.csv"
ORDINARY = "ordinary_round3_heldout.csv"
KINDS = ("NAME", "ADDRESS", "DOB", "PHONE", "POSTCODE", "EMAIL", "NI", "NHS", "CARD")


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_round3", ROUND3 / "build_round3.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pii() -> list[dict]:
    lines = (ROUND3 / PII).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (ROUND3 / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _readme_rows() -> dict[str, int]:
    """The row counts the README's file table states, by file name."""
    text = (ROUND3 / "README.md").read_text(encoding="utf-8")
    return {
        match.group(1): int(match.group(2))
        for match in re.finditer(r"^\| `([\w.]+)` \|[^|\n]*\| (\d+) \|$", text, flags=re.M)
    }


def test_files_are_what_the_builder_writes(builder: ModuleType) -> None:
    stale = [
        path.name
        for path, body in builder.render().items()
        if path.read_text(encoding="utf-8") != body
    ]
    assert stale == [], "run tests/pipelines/privacy/fixtures/round3/build_round3.py"


def test_row_counts_are_what_the_readme_says(pii: list[dict]) -> None:
    stated = _readme_rows()
    actual = {
        PII: len(pii),
        DISCLOSURES: len(_csv_rows(DISCLOSURES)),
        ORDINARY: len(_csv_rows(ORDINARY)),
    }
    assert stated == actual, "round3/README.md row counts differ from the files"
    assert actual[PII] >= 500 and actual[DISCLOSURES] >= 200 and actual[ORDINARY] >= 300


def test_spans_lie_in_the_text_match_it_and_do_not_overlap(pii: list[dict]) -> None:
    bad = []
    for row in pii:
        end = 0
        for span in row["spans"]:
            ok = (
                0 <= span["start"] < span["end"] <= len(row["text"])
                and row["text"][span["start"] : span["end"]] == span["text"]
                and span["start"] >= end
                and span["type"] in KINDS
            )
            if not ok:
                bad.append(row["id"])
            end = span["end"]
    assert bad == [], f"{PII}: bad spans in rows {bad}"
    assert sum(1 for row in pii if not row["spans"]) >= 100


def test_ids_are_unique_and_every_type_is_present(pii: list[dict]) -> None:
    ids = [row["id"] for row in pii]
    ids += [row["id"] for row in _csv_rows(DISCLOSURES)]
    ids += [row["id"] for row in _csv_rows(ORDINARY)]
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert repeated == [], f"repeated ids {repeated}"
    kinds = Counter(span["type"] for row in pii for span in row["spans"])
    missing = [kind for kind in KINDS if kinds[kind] < 10]
    assert missing == [], f"{PII}: fewer than 10 spans of {missing}"


def test_checksums_hold_and_the_checks_can_fail(pii: list[dict], builder: ModuleType) -> None:
    bad = [
        row["id"]
        for row in pii
        for span in row["spans"]
        if (span["type"] == "NHS" and not builder.nhs_valid(builder.spoken_digits(span["text"])))
        or (span["type"] == "CARD" and not builder.luhn_valid(builder.spoken_digits(span["text"])))
    ]
    assert bad == [], f"{PII}: checksum fails in rows {bad}"
    assert builder.nhs_valid("9434765919") and not builder.nhs_valid("9434765918")
    assert builder.luhn_valid("4111111111111111") and not builder.luhn_valid("4111111111111112")
    assert builder.spoken_digits("oh one six three two, nine six oh") == "01632960"


def test_builder_rejects_badly_labelled_rows(builder: ModuleType) -> None:
    text, spans = builder.parse_marked("spoke to Mrs {N:Adeyemi} on {P:07700 900 000}")
    assert text == "spoke to Mrs Adeyemi on 07700 900 000"
    assert [(s["type"], s["start"], s["end"]) for s in spans] == [
        ("NAME", 13, 20),
        ("PHONE", 24, 37),
    ]
    for marked in (
        "spoke to {N:Mrs Adeyemi}",  # title inside the span
        "{D:DOB 01/02/1990}",  # cue inside the span
        "{NHS:943 476 5918}",  # fails modulus 11
        "{C:4111 1111 1111 1112}",  # fails Luhn
        "{A:c/o 3 Mill Lane}",  # cue inside the span
        "{PC:ZZ 12}",  # not a postcode
        "name is {N:Dube}, D-U-B-E",  # a spelled-out name left unlabelled
    ):
        text, spans = builder.parse_marked(marked)
        with pytest.raises(builder.FixtureError):
            builder.check_pii([{"id": "x", "style": "agent_note", "text": text, "spans": spans}])


def test_safeguarding_files_are_well_formed(builder: ModuleType) -> None:
    disclosures = _csv_rows(DISCLOSURES)
    ordinary = _csv_rows(ORDINARY)
    assert list(disclosures[0]) == ["id", "style", "category", "text"]
    assert list(ordinary[0]) == ["id", "style", "text"]
    counts = Counter(row["category"] for row in disclosures)
    assert set(counts) == set(builder.CATEGORIES), f"{DISCLOSURES}: categories differ"
    assert min(counts.values()) >= 12
    norm = builder._normal
    for name, rows in ((DISCLOSURES, disclosures), (ORDINARY, ordinary)):
        seen: dict[str, str] = {}
        repeated = []
        for row in rows:
            if norm(row["text"]) in seen:
                repeated.append(row["id"])
            seen.setdefault(norm(row["text"]), row["id"])
        assert repeated == [], f"{name}: repeated text in rows {repeated}"
    both = {norm(r["text"]) for r in disclosures} & {norm(r["text"]) for r in ordinary}
    assert not both, "a text is in both the disclosure and the ordinary file"


def test_no_round3_text_is_in_an_earlier_set_or_fixture(
    builder: ModuleType, pii: list[dict]
) -> None:
    rows = {row["id"]: row["text"] for row in pii}
    rows.update({r["id"]: r["text"] for r in _csv_rows(DISCLOSURES)})
    rows.update({r["id"]: r["text"] for r in _csv_rows(ORDINARY)})
    earlier = builder.earlier_texts()
    assert len(earlier) > 1000  # the earlier files were really read
    assert builder.overlaps_with_earlier(rows) == []
    probe = {"probe": "  " + min(earlier).replace(" ", "   ") + " "}  # can fail; text not shown
    found = builder.overlaps_with_earlier(probe)
    assert found == ["probe"], "the overlap check missed an earlier text"
