"""The README's privacy figures and counts are exactly what the code gives (issue 14).

The held-out figures are recomputed here with ``benchmarks/privacy_eval.py``; this test only
compares them with the README's text and must never be used to tune anything.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.privacy_eval import evaluate
from pipelines.privacy.safeguarding import LEXICON

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def _format(value: float | None) -> str:
    assert value is not None
    return f"{value:.3f}"


def test_readme_category_count_is_the_lexicons() -> None:
    found = re.search(r"(\d+) categories built from the FCA", README)
    assert found is not None
    assert int(found.group(1)) == len(LEXICON)


def test_readme_held_out_figures_are_the_measured_ones() -> None:
    heldout = evaluate("round3")
    pii, safeguarding = heldout["pii"], heldout["safeguarding"]
    assert isinstance(pii, dict) and isinstance(safeguarding, dict)
    claims = {
        f"caught {_format(safeguarding['disclosure_recall'])} of 208 disclosures",
        f"flagged {_format(safeguarding['ordinary_false_positive_rate'])} of 324 ordinary",
        f"caught {_format(pii['recall']['NAME']['recall'])} of the names",
        f"kept {_format(pii['ordinary_tokens_kept'])} of ordinary words",
    }
    text = " ".join(README.split())
    for claim in claims:
        assert claim in text, claim
