"""Wrap-up codes and queue names (IVR options) are free text typed by people: protect them too.

A red-team run found the wrap code "Mrs Tabitha Throckmorton 07700 900111" as a topic name in the
public tables (``--topic-source wrap_up_code``) and unredacted in ``fct_contacts``. So, at ingest,
before anything is stored:

- ``queue``: every value goes through the project's redactor (``pipelines/privacy``), then
  through the name gazetteer in any case (``redact_name_words``): a code or queue typed as
  "tabitha throckmorton" or "cb aisha okafor" has no capital or cue for the redactor to go by.
- ``wrap_up_code``: a code the taxonomy lists (case and surrounding spaces ignored, as dbt
  matches them) is the council's own vocabulary and is kept as it is, even where the redactor
  would change it ("BEN - HB/CTS Claim" would become "[NAME] - HB/CTS Claim"). Any other code:
  when the safeguarding lexicon flags it ("cust disclosed DA"), it is stored as
  :data:`DISCLOSURE_CODE` and the contact's ``vulnerability_flag`` is set; otherwise it is stored
  redacted ("Mrs [NAME] [PHONE]"), names in lower case included ("[NAME] - cb").

dbt (``int_contacts_wrap_up_topics``) never makes a topic of a code holding a placeholder: such a
contact has no code topic, so it reports as ``unclassified`` (``wrap_up_code``) or takes the
model's topic (``wrap_up_code_else_model``). To keep a code the redactor or the lexicon would
change as a topic of its own, list it in the taxonomy's ``wrap_up_codes``.

Each distinct value is checked once per file (codes and queues repeat), so this costs little.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.privacy import redact_name_words, redact_texts, vulnerability_flag_expr
from pipelines.taxonomy import load_taxonomy

DISCLOSURE_CODE = "[SAFEGUARDING]"
"""What a wrap-up code is stored as when the safeguarding lexicon flags it (and the taxonomy does
not list it): the words of a disclosure are never a code, and never a topic name."""
CODE_DISCLOSES = "__wrap_up_code_discloses"


def code_key(code: str) -> str:
    """A wrap-up code as dbt compares it with the taxonomy's: trimmed, lower case."""
    return code.strip().lower()


def taxonomy_codes(taxonomy_file: Path | None) -> frozenset[str]:
    """The taxonomy's wrap-up codes as :func:`code_key` gives them."""
    return frozenset(code_key(code) for code in load_taxonomy(taxonomy_file).wrap_up_code_map())


def _replace(column: pl.Series, lookup: dict[str, str]) -> pl.Series:
    if not lookup:
        return column
    return column.replace(list(lookup), list(lookup.values()))


def _redact_values(values: list[str], extra_patterns: dict[str, str] | None) -> list[str]:
    """The redactor, then the gazetteer in any case (a typed value is short: no cue to go by)."""
    return [redact_name_words(v) for v in redact_texts(values, extra_patterns)]


def redact_queue(column: pl.Series, extra_patterns: dict[str, str] | None) -> pl.Series:
    """Every distinct queue name through the redactor (null stays null)."""
    values = column.drop_nulls().unique().to_list()
    redacted = _redact_values(values, extra_patterns)
    return _replace(column, {v: r for v, r in zip(values, redacted, strict=True) if v != r})


def protect_wrap_codes(
    column: pl.Series, known: frozenset[str], extra_patterns: dict[str, str] | None
) -> tuple[pl.Series, pl.Series]:
    """(the codes to store, whether each row's code is a disclosure) -- rules: module doc."""
    values = [v for v in column.drop_nulls().unique().to_list() if code_key(v) not in known]
    redacted = _redact_values(values, extra_patterns)
    flagged = (
        pl.DataFrame({"code": values}, schema={"code": pl.Utf8})
        .select(vulnerability_flag_expr("code"))
        .to_series()
        .to_list()
    )
    lookup: dict[str, str] = {}
    disclosing: list[str] = []
    for value, safe, discloses in zip(values, redacted, flagged, strict=True):
        if discloses:
            lookup[value] = DISCLOSURE_CODE
            disclosing.append(value)
        elif safe != value:
            lookup[value] = safe
    flags = column.is_in(disclosing).fill_null(False)
    return _replace(column, lookup), flags.alias(CODE_DISCLOSES)


def protect_codes(
    good: pl.DataFrame, known: frozenset[str], extra_patterns: dict[str, str] | None
) -> pl.DataFrame:
    """``good`` with ``queue`` and ``wrap_up_code`` protected and :data:`CODE_DISCLOSES` added."""
    codes, discloses = protect_wrap_codes(good.get_column("wrap_up_code"), known, extra_patterns)
    return good.with_columns(
        redact_queue(good.get_column("queue"), extra_patterns).alias("queue"),
        codes.alias("wrap_up_code"),
        discloses,
    )
