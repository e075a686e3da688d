from __future__ import annotations

import polars as pl

from pipelines.privacy.pseudonymise import normalise_caller_ref, pseudonym, pseudonymise_column


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


def test_the_column_gives_each_value_its_own_pseudonym_exactly() -> None:
    """The vectorised path agrees with :func:`pseudonym` value by value, odd values included."""
    formats = ["07700 9{:05d}", "+44 7700 9{:05d}", "0044 (0)7700-9{:05d}", "CUST-{:05d}"]
    callers = [fmt.format(n) for n in range(0, 3000, 37) for fmt in formats]
    odd = [
        " +44 (0)7700 900123 ", "0044-20-7946-0018", "447700900123", "44 20 7946 0018",
        "ACC 12 34", "Jo@Example.COM", "-------", "12345", "ref\t99", "Zoë@example.com",
        "07700\u00a0900123", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667", "   x   ",
    ]  # fmt: skip
    values = [*callers, *odd]
    out = pseudonymise_column(pl.DataFrame({"c": values}), "c", "p", b"key")["p"].to_list()
    assert out == [pseudonym(v, b"key") for v in values]
    assert len(set(out)) < len(out)  # phones written two ways share a pseudonym
