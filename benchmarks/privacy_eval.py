"""Blind evaluation of the redactor and the safeguarding lexicon (issue 14).

Reads the evaluation sets in ``tests/pipelines/privacy/fixtures/`` (README.md there) and prints,
for the dev and the held-out halves, as JSON:

- per labelled type (NAME, ADDRESS, DOB, PHONE, POSTCODE, EMAIL, NI, NHS, CARD): recall;
- per placeholder the redactor writes: precision;
- the share of ordinary tokens kept;
- the safeguarding lexicon's recall on disclosures and false-positive rate on ordinary rows.

Rules. The redacted text is matched back onto the original (its literal text fixed, each
``[KIND]`` placeholder standing for the stretch it replaced); a character of the original inside
such a stretch is *covered*. A labelled span is **caught** when its text no longer appears in the
redacted text and every letter or digit of the span lies in a covered stretch.
A placeholder is **correct** (precision) when the stretch it replaced overlaps any labelled
span, whatever its type (so
``[NINO]`` over an NI span counts). An **ordinary token** is a run of letters or digits outside
every labelled span; it is kept when none of its characters is covered.

Background rates (``--background``): the share of ordinary texts the lexicon flags, on the
sample generator's contacts (its ground truth says which are vulnerable, so recall is given too),
on Banking77's real queries and on Boston 311's distinct case titles and closure notes (when
``../shared/data`` is present).

Run: ``.venv/bin/python benchmarks/privacy_eval.py`` (dev and held-out) or ``--half dev``.
``--half round2`` scores the second blind held-out sets in ``fixtures/round2/`` (written after the
first held-out figures were reported; README.md there) the same way as the held-out half.
``--half round3`` scores the third blind held-out sets in ``fixtures/round3/`` the same way.
Never tune on the held-out half, on round 2 or on round 3.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.privacy.redact import redact_texts
from pipelines.privacy.safeguarding import find_markers, vulnerability_flag_expr

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "pipelines" / "privacy" / "fixtures"
ROUND2 = FIXTURES / "round2"
ROUND3 = FIXTURES / "round3"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z0-9_]*)\]")
_TOKEN = re.compile(r"\w+")


def _covered(original: str, redacted: str) -> tuple[list[bool], list[tuple[int, int, list[str]]]]:
    """Per character of ``original``, whether a placeholder replaced it; the replaced stretches.

    The redacted text is turned into a pattern (its literal text, each placeholder a group) and
    matched against the original, so each group is the stretch that placeholder replaced.
    """
    covered = [False] * len(original)
    stretches: list[tuple[int, int, list[str]]] = []
    parts = _PLACEHOLDER.split(redacted)  # literal, kind, literal, kind, ...
    pattern = "".join(re.escape(part) if i % 2 == 0 else "(.+?)" for i, part in enumerate(parts))
    match = re.fullmatch(pattern, original, flags=re.DOTALL)
    if match is None:  # the placeholder text was in the original: count nothing covered
        return covered, stretches
    for group, kind in enumerate(parts[1::2], start=1):
        i1, i2 = match.span(group)
        for k in range(i1, i2):
            covered[k] = True
        stretches.append((i1, i2, [kind]))
    return covered, stretches


def pii_scores(path: Path) -> dict[str, object]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    redacted = redact_texts([row["text"] for row in rows])
    total: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    tokens = kept = 0
    for row, out in zip(rows, redacted, strict=True):
        text = row["text"]
        covered, stretches = _covered(text, out)
        in_span = [False] * len(text)
        for span in row["spans"]:
            for k in range(span["start"], span["end"]):
                in_span[k] = True
            total[span["type"]] += 1
            chars = [k for k in range(span["start"], span["end"]) if text[k].isalnum()]
            if span["text"] not in out and all(covered[k] for k in chars):
                caught[span["type"]] += 1
        for i1, i2, kinds in stretches:
            hit = any(in_span[i1:i2])
            for kind in kinds:
                placed[kind] += 1
                correct[kind] += hit
        for match in _TOKEN.finditer(text):
            if any(in_span[match.start() : match.end()]):
                continue
            tokens += 1
            kept += not any(covered[match.start() : match.end()])
    return {
        "sentences": len(rows),
        "recall": {
            kind: {
                "spans": total[kind],
                "caught": caught[kind],
                "recall": _ratio(caught[kind], total[kind]),
            }
            for kind in sorted(total)
        },
        "precision": {
            kind: {
                "placeholders": placed[kind],
                "correct": correct[kind],
                "precision": _ratio(correct[kind], placed[kind]),
            }
            for kind in sorted(placed)
        },
        "ordinary_tokens": tokens,
        "ordinary_tokens_kept": _ratio(kept, tokens),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def safeguarding_scores(disclosures: Path, ordinary: Path) -> dict[str, object]:
    rows = _rows(disclosures)
    found = [bool(find_markers(row["text"])) for row in rows]
    false = [bool(find_markers(row["text"])) for row in _rows(ordinary)]
    by_category: dict[str, list[bool]] = {}
    for row, hit in zip(rows, found, strict=True):
        by_category.setdefault(row["category"], []).append(hit)
    return {
        "disclosures": len(found),
        "disclosure_recall": _ratio(sum(found), len(found)),
        "recall_by_category": {
            category: _ratio(sum(hits), len(hits)) for category, hits in sorted(by_category.items())
        },
        "ordinary": len(false),
        "ordinary_false_positive_rate": _ratio(sum(false), len(false)),
    }


def _flagged_share(texts: list[str]) -> dict[str, object]:
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.Utf8})
    flags = frame.select(vulnerability_flag_expr("text")).to_series()
    return {
        "texts": frame.height,
        "flagged": int(flags.sum()),
        "share": _ratio(flags.sum(), frame.height),
    }


def _generator_scores() -> dict[str, object]:
    from pipelines.generator import generate  # noqa: PLC0415 (heavy; only for --background)
    from pipelines.ingest.mapping import detect_mapping, load_presets  # noqa: PLC0415
    from pipelines.ingest.readers import read_export  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        generate(landing, weeks=2, per_week=3000, seed=11, start=date(2026, 1, 5))
        truth = pl.read_csv(Path(tmp) / "ground_truth" / "ground_truth.csv", infer_schema=False)
        presets = load_presets()
        frames = []
        for path in sorted(landing.iterdir()):
            mapping = detect_mapping(path, presets)
            frame = read_export(path, mapping.format, mapping.csv_delimiter).frame
            frames.append(
                frame.select(
                    pl.col(mapping.columns["contact_id"]).cast(pl.Utf8).alias("contact_id"),
                    pl.col(mapping.columns["text"]).cast(pl.Utf8).alias("text"),
                )
            )
    joined = pl.concat(frames).join(
        truth.select("contact_id", "is_vulnerable").unique("contact_id"), on="contact_id"
    )
    joined = joined.with_columns(vulnerability_flag_expr("text").alias("flag"))
    vulnerable = joined.filter(pl.col("is_vulnerable").str.to_lowercase() == "true")
    ordinary = joined.filter(pl.col("is_vulnerable").str.to_lowercase() != "true")
    return {
        "contacts": joined.height,
        "vulnerable": vulnerable.height,
        "recall": _ratio(int(vulnerable["flag"].sum()), vulnerable.height),
        "ordinary": ordinary.height,
        "ordinary_false_positive_rate": _ratio(int(ordinary["flag"].sum()), ordinary.height),
    }


def background_scores() -> dict[str, object]:
    out: dict[str, object] = {"generator": _generator_scores()}
    banking = SHARED / "banking77" / "train.csv"
    if banking.exists():
        out["banking77"] = _flagged_share(pl.read_csv(banking)["text"].to_list())
    boston = SHARED / "boston311" / "boston311_2015_h2.csv"
    if boston.exists():
        frame = pl.read_csv(boston, infer_schema=False, columns=["CASE_TITLE", "CLOSURE_REASON"])
        texts = (
            frame["CASE_TITLE"].drop_nulls().to_list()
            + frame["CLOSURE_REASON"].drop_nulls().to_list()
        )
        out["boston311_distinct"] = _flagged_share(sorted(set(texts)))
    return out


def eval_files(half: str) -> tuple[Path, Path, Path]:
    """The personal-data, disclosure and ordinary files of ``half`` (dev, heldout, round2/3)."""
    if half == "round2":
        return (
            ROUND2 / "pii_round2_heldout.jsonl",
            ROUND2 / "disclosures_round2_heldout.csv",
            ROUND2 / "ordinary_round2_heldout.csv",
        )
    if half == "round3":
        return (
            ROUND3 / "pii_round3_heldout.jsonl",
            ROUND3 / "disclosures_round3_heldout.csv",
            ROUND3 / "ordinary_round3_heldout.csv",
        )
    return (
        FIXTURES / f"pii_eval_{half}.jsonl",
        FIXTURES / f"disclosures_eval_{half}.csv",
        FIXTURES / f"ordinary_eval_{half}.csv",
    )


def evaluate(half: str) -> dict[str, object]:
    pii, disclosures, ordinary = eval_files(half)
    return {
        "pii": pii_scores(pii),
        "safeguarding": safeguarding_scores(disclosures, ordinary),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--half", choices=("dev", "heldout", "round2", "round3", "both", "none"), default="both"
    )
    parser.add_argument("--background", action="store_true", help="also the background rates")
    args = parser.parse_args()
    halves = {
        "dev": ("dev",),
        "heldout": ("heldout",),
        "round2": ("round2",),
        "round3": ("round3",),
        "none": (),
    }.get(args.half, ("dev", "heldout"))
    result: dict[str, object] = {half: evaluate(half) for half in halves}
    if args.background:
        result["background"] = background_scores()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
