from __future__ import annotations

import polars as pl

from pipelines.pseudonymise import normalise_caller_ref, pseudonym, pseudonymise_column


def test_same_phone_written_differently_gets_one_pseudonym() -> None:
    forms = ["07700 900123", "+44 7700 900123", "0044 7700 900 123", "07700-900-123"]
    assert {normalise_caller_ref(f) for f in forms} == {"07700900123"}
    assert len({pseudonym(f, b"k") for f in forms}) == 1


def test_pseudonym_depends_on_the_key_and_hides_the_value() -> None:
    assert pseudonym("jo@example.com", b"a") != pseudonym("jo@example.com", b"b")
    assert "jo" not in pseudonym("jo@example.com", b"a")
    assert len(pseudonym("ACC123", b"a")) == 64


def test_column_keeps_nulls_and_blanks_null() -> None:
    frame = pl.DataFrame({"caller": ["07700900123", None, "  ", "+447700900123"]})
    out = pseudonymise_column(frame, "caller", "p", b"k")["p"].to_list()
    assert out[1] is None and out[2] is None
    assert out[0] == out[3] and out[0] is not None
