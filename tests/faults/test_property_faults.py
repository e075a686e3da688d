"""Property-based tests (hypothesis) for the readers and ``conform`` (issue 15).

For any bytes in any column of a valid export, ingest stores or rejects each record: it never
raises, never loses one, and rows read = rows stored + rows rejected = the records in the file
counted independently of the parser (``independent_count``). Every contact id of a row left
untouched is found stored or inside a reject's record.

Bounded for CI: a fixed number of examples per test (``derandomize`` so a run is repeatable,
no example database written into the repository).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest.conform import REASON, conform
from pipelines.ingest.files import ingest_paths
from pipelines.ingest.mapping import resolve_mapping
from pipelines.ingest.readers import ROW
from pipelines.settings import Settings
from tests.faults.conftest import HEADER, assert_accounted, call, chat, independent_count, rows

TELEPHONY = resolve_mapping("council_telephony")
WEBCHAT = resolve_mapping("council_webchat")
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Bytes that break CSVs and decoders most often, mixed with anything at all.
AWKWARD = st.sampled_from(
    [b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xc3", b"\xe2\x80\xa8", b"\\", b" "]
)
CELL_BYTES = st.lists(st.one_of(AWKWARD, st.binary(max_size=8)), max_size=6).map(b"".join)
TEXT_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["NaN", "inf", "-inf", "1e30", "-0", "99999999999", "", " ", "01/01/1970 00:00:00",
         "17/11/26 09:00:00", "29/03/2026 01:30:00", "31/02/2026 09:00:00", "2026-03-02"]
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One warehouse for all examples: each example's file has its own content and manifest row."""
    settings_ = Settings.from_env(workdir=tmp_path_factory.mktemp("property") / "work")
    settings_.ensure_dirs()
    return settings_


def _valid_csv(count: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for n in range(1, count + 1):
        writer.writerow(call(f"P{n:03d}", Agent_Notes=f"Resident asked, about bin {n}"))
    return buffer.getvalue().encode()


def _replace_cell(data: bytes, row: int, column: int, value: bytes) -> bytes:
    """The file with one cell's raw bytes replaced, unquoted (so it may break the structure)."""
    lines = data.split(b"\n")
    cells = next(csv.reader([lines[row].decode()]))
    cells[column] = "\x00CELL\x00"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[row] = out.getvalue().encode().replace(b"\x00CELL\x00", value)
    return b"\n".join(lines)


def _check_nothing_lost(settings_: Settings, path: Path, result, untouched: list[str]) -> None:
    assert result.status in ("ingested", "failed", "skipped"), result
    if result.status == "skipped":  # the same content came up in an earlier example
        return
    if result.status == "failed":  # refused whole: nothing stored, the file stays to be fixed
        assert result.error and str(path.name) in result.error, result
        return
    assert result.rows_read == result.rows_stored + result.rows_rejected, result
    assert result.rows_read == independent_count(path), (result, path.read_bytes())
    stored = {
        r[0]
        for r in rows(
            settings_,
            f"select contact_id from raw.contacts where ingest_file_id = "
            f"(select ingest_file_id from raw.ingest_manifest where file_path = '{path}')",
        )
    }
    rejected = " ".join(
        r[0] or ""
        for r in rows(
            settings_, f"select record_redacted from raw.rejected_rows where file_path = '{path}'"
        )
    )
    lost = [cid for cid in untouched if cid not in stored and cid not in rejected]
    assert not lost, (lost, path.read_bytes())


@BOUNDED
@given(
    count=st.integers(min_value=1, max_value=6),
    where=st.tuples(st.integers(min_value=1, max_value=6), st.integers(0, len(HEADER) - 1)),
    value=CELL_BYTES,
)
def test_any_bytes_in_any_csv_cell_are_stored_or_rejected(
    workdir: Settings, tmp_path_factory: pytest.TempPathFactory, count: int, where, value: bytes
) -> None:
    row, column = min(where[0], count), where[1]
    data = _replace_cell(_valid_csv(count), row, column, value)
    path = tmp_path_factory.mktemp("csv") / "telephony_property.csv"
    path.write_bytes(data)
    result = ingest_paths(workdir, [path], mapping=TELEPHONY, raise_on_failure=False).files[0]
    untouched = [f"P{n:03d}" for n in range(1, count + 1) if n != row]
    _check_nothing_lost(workdir, path, result, untouched)
    assert_accounted(workdir)


def _chat(n: int) -> dict[str, object]:
    return chat(f"P{n:03d}", f"bins {n}")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@BOUNDED
@given(
    count=st.integers(min_value=1, max_value=6),
    row=st.integers(min_value=1, max_value=6),
    key=st.sampled_from(sorted(_chat(0))),
    value=JSON_VALUES,
    raw=st.one_of(st.none(), CELL_BYTES),
)
def test_any_value_or_bytes_in_a_json_line_are_stored_or_rejected(
    workdir: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    count: int,
    row: int,
    key: str,
    value: object,
    raw: bytes | None,
) -> None:
    row = min(row, count)
    lines = []
    for n in range(1, count + 1):
        record = _chat(n)
        if n == row:
            record[key] = value
        line = json.dumps(record, ensure_ascii=False, allow_nan=True).encode()
        if n == row and raw is not None:  # raw bytes inside the line, breaking it or not
            line = line.replace(b'"bins', b'"bins' + raw, 1)
        lines.append(line)
    path = tmp_path_factory.mktemp("jsonl") / "webchat_property.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = ingest_paths(workdir, [path], mapping=WEBCHAT, raise_on_failure=False).files[0]
    untouched = [f"P{n:03d}" for n in range(1, count + 1) if n != row]
    _check_nothing_lost(workdir, path, result, untouched)
    assert_accounted(workdir)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(values=st.fixed_dictionaries({column: TEXT_VALUES for column in HEADER}))
def test_conform_never_raises_and_keeps_every_row(values: dict[str, str]) -> None:
    """Any text in every column of a row as the CSV reader gives it (strings or nulls)."""
    good_row = call("G1")
    frame = pl.DataFrame(
        [pl.Series(c, [good_row[c] or None, values[c] or None], dtype=pl.Utf8) for c in HEADER]
    ).with_columns(pl.Series(ROW, [1, 2], dtype=pl.Int64))
    result = conform(frame, TELEPHONY, "property.csv")
    assert result.good.height + result.bad.height == 2
    assert sorted([*result.good.get_column(ROW), *result.bad.get_column(ROW)]) == [1, 2]
    assert 1 in result.good.get_column(ROW).to_list()  # the good row is not harmed by the other
    assert result.bad.get_column(REASON).null_count() == 0  # every reject has a reason
