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


def pseudonymise_column(df: pl.DataFrame, column: str, out_column: str, key: bytes) -> pl.DataFrame:
    """Add ``out_column`` holding the pseudonym of ``column`` (null or blank stays null).

    Hashes each distinct value once, so the cost follows the number of callers, not of rows.
    """
    values = df.get_column(column).cast(pl.Utf8)
    distinct = [v for v in values.unique().to_list() if v is not None and v.strip()]
    lookup = {v: pseudonym(v, key) for v in distinct}
    mapped = values.replace_strict(lookup, default=None, return_dtype=pl.Utf8)
    return df.with_columns(mapped.alias(out_column))
