"""Safeguarding (vulnerability) markers in resident text.

A recall-first lexicon: regular-expression alternations, case-insensitive, grouped by the
Financial Conduct Authority's four drivers of vulnerability (health, life events, resilience,
capability) and by the ways residents disclose risk to a council (self-harm, domestic abuse,
homelessness, enforcement, no heating, caring, bereavement, falls...). A contact whose text
matches any marker is flagged, and flagged contacts are never treated as automation candidates.

Recall comes first: negated and third-party mentions still flag ("I'm not suicidal but...",
"my neighbour says she wants to end it"), and so do some ordinary uses of the same words ("end
it" about a subscription). Run it on the ORIGINAL text, before redaction, and store only the flag.
"""

from __future__ import annotations

import re

import polars as pl

from pipelines.privacy.safeguarding_casenotes import CASE_NOTE_MARKERS, ORDINARY_PHRASES
from pipelines.privacy.safeguarding_cues import BROAD_CUES, CUE_ORDINARY
from pipelines.privacy.safeguarding_families import FAMILY_MARKERS, FAMILY_ORDINARY
from pipelines.privacy.safeguarding_lexicon import LEXICON as _BASE_LEXICON

__all__ = [
    "LEXICON",
    "ORDINARY_PATTERN",
    "find_markers",
    "vulnerability_categories_expr",
    "vulnerability_flag_expr",
]

LEXICON: dict[str, tuple[str, ...]] = {
    category: _BASE_LEXICON.get(category, ())
    + CASE_NOTE_MARKERS.get(category, ())
    + FAMILY_MARKERS.get(category, ())
    + BROAD_CUES.get(category, ())
    for category in dict.fromkeys([*_BASE_LEXICON, *CASE_NOTE_MARKERS, *FAMILY_MARKERS])
}
"""The lexicon plus agent shorthand and case-note markers (``safeguarding_casenotes``), word
families (``safeguarding_families``) and broad cue words (``safeguarding_cues``)."""


def _alternation(fragments: tuple[str, ...]) -> str:
    return "(?:" + "|".join(f"(?:{f})" for f in fragments) + ")"


def _category_pattern(category: str) -> str:
    return rf"(?i)\b{_alternation(LEXICON[category])}"


def _polars_pattern(pattern: str) -> str:
    """The same pattern with ASCII word boundaries for polars' regex engine.

    A Unicode ``\\b`` keeps Rust's fast lazy DFA from running on text with any non-ASCII
    character ("£", "’"), which halved the flag's speed (docs/benchmark.md). The lexicon's
    markers are ASCII words, so the two agree except next to a non-ASCII letter.
    """
    return pattern.replace(r"\b", r"(?-u:\b)")


_COMPILED = {category: re.compile(_category_pattern(category)) for category in LEXICON}

_CHUNK = 40


def _category_contains(column: pl.Expr, category: str) -> pl.Expr:
    """Polars test for one category, as an OR of alternations of at most ``_CHUNK`` fragments.

    One alternation per category outgrew the regex engine's fast automaton once the debt and
    exploitation families passed ~60 fragments (the flag ran at ~5,500 rows/s; 58,000 in
    chunks of 40 on a 50,000-row run): smaller
    alternations each stay on the fast path.
    """
    fragments = LEXICON[category]
    return pl.any_horizontal(
        [
            column.str.contains(
                _polars_pattern(rf"(?i)\b{_alternation(fragments[i : i + _CHUNK])}")
            )
            for i in range(0, len(fragments), _CHUNK)
        ]
    )


_ORDINARY_FRAGMENTS = ORDINARY_PHRASES + FAMILY_ORDINARY + CUE_ORDINARY
ORDINARY_PATTERN = rf"(?i)\b{_alternation(_ORDINARY_FRAGMENTS)}"
"""Ordinary service phrases ("funeral director", "end it, the direct debit") blanked before the
markers are matched, so they cannot flag a contact on their own."""

_ORDINARY_CHUNK = 20
_ORDINARY_CHUNKS = tuple(
    _polars_pattern(rf"(?i)\b{_alternation(_ORDINARY_FRAGMENTS[i : i + _ORDINARY_CHUNK])}")
    for i in range(0, len(_ORDINARY_FRAGMENTS), _ORDINARY_CHUNK)
)
_ORDINARY = re.compile(ORDINARY_PATTERN)


def _blank_ordinary(text: pl.Series) -> pl.Series:
    """``text`` with ``ORDINARY_PATTERN``'s matches blanked, as one ``replace_all`` would.

    As one alternation of ~130 phrases, ``replace_all`` fell off the regex engine's fast
    automaton (~1.2 CPU s per 6,300 rows, most of the flag's cost; docs/benchmark.md). So the
    phrases are split into alternations of ``_ORDINARY_CHUNK``: a row that only one of them
    matches is blanked by that one (the same result), and the few rows that several match are
    blanked by the whole alternation, so leftmost-first matching across chunks is kept (one
    phrase must not blank the middle of a longer one and leave its marker word behind).
    """
    frame = pl.DataFrame({"t": text})
    hits = frame.select(
        [
            pl.col("t").str.contains(chunk).fill_null(False).alias(str(i))
            for i, chunk in enumerate(_ORDINARY_CHUNKS)
        ]
    )
    several = hits.select(pl.sum_horizontal(pl.all().cast(pl.Int32)) > 1).to_series()
    out = text
    for i, chunk in enumerate(_ORDINARY_CHUNKS):
        rows = (hits[str(i)] & ~several).arg_true()
        if rows.len():
            out = out.scatter(rows, text.gather(rows).str.replace_all(chunk, " "))
    rows = several.arg_true()
    if rows.len():
        whole = _polars_pattern(ORDINARY_PATTERN)
        out = out.scatter(rows, text.gather(rows).str.replace_all(whole, " "))
    return out


def _any_marker(text: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"t": text})
    return frame.select(
        pl.any_horizontal([_category_contains(pl.col("t"), category) for category in LEXICON])
    ).to_series()


def _neutralised_rows(text: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Rows whose original text matches a marker, and their text with ordinary phrases blanked.

    The ordinary phrases can only remove markers, so the rows with none are settled at once and
    the blanking runs only on the few that have one.
    """
    raw = _any_marker(text).fill_null(False)
    rows = raw.arg_true()
    return rows, _blank_ordinary(text.gather(rows))


def _flag_series(text: pl.Series) -> pl.Series:
    text = text.cast(pl.Utf8)
    rows, neutral = _neutralised_rows(text)
    flags = pl.Series(text.name, [False] * text.len(), dtype=pl.Boolean)
    if rows.len():
        flags = flags.scatter(rows, _any_marker(neutral).fill_null(False))
    return flags


def _categories_series(text: pl.Series) -> pl.Series:
    text = text.cast(pl.Utf8)
    rows, neutral = _neutralised_rows(text)
    out = pl.Series(text.name, [""] * text.len(), dtype=pl.Utf8)
    if rows.len():
        frame = pl.DataFrame({"t": neutral})
        parts = [
            pl.when(_category_contains(pl.col("t"), category)).then(pl.lit(category))
            for category in LEXICON
        ]
        found = frame.select(pl.concat_str(parts, separator=";", ignore_nulls=True)).to_series()
        out = out.scatter(rows, found.fill_null(""))
    return out


def vulnerability_flag_expr(column: str) -> pl.Expr:
    """Boolean polars expression: True when ``column`` holds any safeguarding marker.

    Null text gives False, never null. Ordinary service phrases (``ORDINARY_PATTERN``) are
    blanked first, only in rows that match a marker at all.
    """
    # One regex per category, not one for the whole lexicon: the single alternation outgrew
    # the regex engine's fast automaton and ran 25x slower (docs/benchmark.md).
    return pl.col(column).map_batches(_flag_series, return_dtype=pl.Boolean)


def vulnerability_categories_expr(column: str) -> pl.Expr:
    """The marker categories ``column`` matches, ``;``-separated in lexicon order ("" for none).

    Agrees with :func:`find_markers` and with :func:`vulnerability_flag_expr` (non-empty exactly
    when the flag is true).
    """
    return pl.col(column).map_batches(_categories_series, return_dtype=pl.Utf8)


def find_markers(text: str | None) -> list[str]:
    """The marker categories that ``text`` matches, in lexicon order (for explaining a flag)."""
    if not text:
        return []
    text = _ORDINARY.sub(" ", text)
    return [category for category, pattern in _COMPILED.items() if pattern.search(text)]
