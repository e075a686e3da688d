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

Run: ``.venv/bin/python benchmarks/privacy_eval.py`` (dev and held-out) or ``--half dev``.
Never tune on the held-out half.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from pipelines.privacy.redact import redact_texts
from pipelines.privacy.safeguarding import find_markers

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "pipelines" / "privacy" / "fixtures"
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


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def safeguarding_scores(disclosures: Path, ordinary: Path) -> dict[str, object]:
    found = [bool(find_markers(text)) for text in _texts(disclosures)]
    false = [bool(find_markers(text)) for text in _texts(ordinary)]
    return {
        "disclosures": len(found),
        "disclosure_recall": _ratio(sum(found), len(found)),
        "ordinary": len(false),
        "ordinary_false_positive_rate": _ratio(sum(false), len(false)),
    }


def evaluate(half: str) -> dict[str, object]:
    return {
        "pii": pii_scores(FIXTURES / f"pii_eval_{half}.jsonl"),
        "safeguarding": safeguarding_scores(
            FIXTURES / f"disclosures_eval_{half}.csv", FIXTURES / f"ordinary_eval_{half}.csv"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("dev", "heldout", "both"), default="both")
    args = parser.parse_args()
    halves = ("dev", "heldout") if args.half == "both" else (args.half,)
    print(json.dumps({half: evaluate(half) for half in halves}, indent=2))


if __name__ == "__main__":
    main()
