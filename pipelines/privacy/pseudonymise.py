"""Caller pseudonyms: a keyed hash of the caller's id, never the id itself.

The same caller gets the same pseudonym in every source and every run that uses the same key
(``CONTACT_TOPICS_PSEUDONYM_KEY``), so repeat contacts can be found; without the key nobody can
recover the id or test a guess. Phone numbers are normalised first (+44 / 0044 -> 0, punctuation
dropped) so that "07700 900123" and "+44 7700 900123" are the same caller.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import polars as pl

_PHONE_LIKE = re.compile(r"^[\d\s()+\-.]{7,}$")


def normalise_caller_ref(value: str) -> str:
    text = value.strip().lower()
    if _PHONE_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
        elif digits.startswith("44") and len(digits) >= 12:
            digits = "0" + digits[2:]
        return digits
    return re.sub(r"\s+", "", text)


def pseudonym(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised id, as 64 hex characters."""
    return hmac.new(key, normalise_caller_ref(value).encode(), hashlib.sha256).hexdigest()


def _normalised_expr(column: str) -> pl.Expr:
    """:func:`normalise_caller_ref` as a polars expression (exact for printable ASCII)."""
    text = pl.col(column).str.strip_chars().str.to_lowercase()
    digits = text.str.replace_all(r"\D", "")
    phone = (
        pl.when(digits.str.starts_with("0044"))
        .then(pl.lit("0") + digits.str.slice(4))
        .when(digits.str.starts_with("44") & (digits.str.len_chars() >= 12))
        .then(pl.lit("0") + digits.str.slice(2))
        .otherwise(digits)
    )
    return (
        pl.when(text.str.contains(_PHONE_LIKE.pattern))
        .then(phone)
        .otherwise(text.str.replace_all(r"\s+", ""))
    )


def pseudonymise_column(df: pl.DataFrame, column: str, out_column: str, key: bytes) -> pl.DataFrame:
    """Add ``out_column`` holding the pseudonym of ``column`` (null or blank stays null).

    Ids are normalised by a polars expression (by :func:`normalise_caller_ref` when they hold
    anything but printable ASCII, where Python's and polars' rules could differ), and each
    distinct normalised id is hashed once: the cost follows the number of callers, not of rows.
    """
    values = df.select(pl.col(column).cast(pl.Utf8).alias("value"))
    normalised = values.select(_normalised_expr("value")).to_series()
    other = values.select(~pl.col("value").str.contains(r"^[\x20-\x7e]*$")).to_series()
    if other.any():  # few rows: Python's rules, row by row
        index = other.arg_true()
        exact = [normalise_caller_ref(v) for v in values.to_series().gather(index).to_list()]
        normalised = normalised.scatter(index, exact)
    blank = values.to_series().str.strip_chars().fill_null("") == ""
    distinct = normalised.filter(~blank).unique().to_list()
    lookup = {v: hmac.digest(key, v.encode(), "sha256").hex() for v in distinct}
    mapped = normalised.replace_strict(lookup, default=None, return_dtype=pl.Utf8)
    return df.with_columns(pl.when(blank).then(None).otherwise(mapped).alias(out_column))
