"""Publish-time guard: public files carry no free text (issue 14).

``public_frame`` drops the columns that hold residents' words (representative phrasings,
discovery labels and texts, trend sentences) from a table before it goes to ``public/``, then
``check_public_frame`` fails publishing when a public frame still has a free-text column, or a
text value that the redactor (``redact_texts``) or the safeguarding lexicon would change or flag.
"""

from __future__ import annotations

import polars as pl

from pipelines.privacy.redact import redact_texts
from pipelines.privacy.safeguarding import find_markers

# Columns that hold, or are built from, contact text. Never in a public file.
FREE_TEXT_COLUMNS = frozenset(
    {
        "representative_phrasings",
        "representative_texts",
        "representative_text",
        "label",
        "discovery_label",
        "suggested_label",
        "trend_explanation",
        "text",
        "text_redacted",
        "raw_text",
        "transcript",
        "notes",
    }
)


# The taxonomy's own values and generated reasons that name a service or a rule
# ("homelessness", "Children's safeguarding", "Safeguarding."): the lexicon would flag the
# service's own name (and topic_nature has the category 'safeguarding'), so only the redactor
# check applies to them.
LABEL_COLUMNS = frozenset(
    {
        "topic_id",
        "topic_name",
        "service_area",
        "description",
        "topic_nature",
        "exclusion_reason",
        "rationale",
    }
)


class PublicFileError(RuntimeError):
    """A public file would carry free text."""


def public_frame(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without its free-text columns, checked by :func:`check_public_frame`."""
    kept = frame.drop([c for c in frame.columns if c in FREE_TEXT_COLUMNS])
    check_public_frame(table, kept)
    return kept


def check_public_frame(table: str, frame: pl.DataFrame) -> None:
    """Raise :class:`PublicFileError` naming the table and column, never the value."""
    text_columns = [c for c, dtype in frame.schema.items() if dtype in (pl.Utf8, pl.Categorical)]
    for column in frame.columns:
        if column in FREE_TEXT_COLUMNS:
            raise PublicFileError(f"public {table}: free-text column {column!r}")
    for column in text_columns:
        values = frame.get_column(column).cast(pl.Utf8).drop_nulls().unique().to_list()
        if not values:
            continue
        if redact_texts(values) != values:
            raise PublicFileError(
                f"public {table}: column {column!r} holds a value the redactor would change"
            )
        if column not in LABEL_COLUMNS and any(find_markers(value) for value in values):
            raise PublicFileError(
                f"public {table}: column {column!r} holds a value the safeguarding lexicon flags"
            )
