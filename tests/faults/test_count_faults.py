"""Counting records without the parser, and compressed exports that expand too far (issue 15).

- A valid quoted value with a line break in it is one record: counting physical lines (the
  first independent count) is fooled by it; the quote-aware counts (the test's own
  ``independent_count`` and ingest's ``recount.count_csv_records``) are not.
- A parser that swallows records (as the stray-quote bug did) makes ingest refuse the file,
  because an independent count finds more records than it read.
- A ``.gz`` or ``.zip`` that expands beyond the cap is refused as a possible zip bomb and
  quarantined with the reason, without being held in memory; the other files still load.
"""

from __future__ import annotations

import csv
import gzip
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from pipelines.ingest import compressed, readers
from pipelines.ingest.files import ingest_paths
from pipelines.ingest.landing import ingest_landing
from pipelines.ingest.readers import ReadError, read_export
from pipelines.ingest.recount import count_csv_records
from tests.faults.conftest import (
    HEADER,
    assert_counted,
    call,
    independent_count,
    ingest_file,
    rows,
    write_csv,
)

MULTILINE = 'Resident said:\n1) bin not emptied\r\n2) lid broken, "again"\n\nPlease call back'


def test_a_quoted_value_with_line_breaks_is_one_record(settings, telephony, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "telephony_multiline.csv",
        [call("ML1"), call("ML2", Agent_Notes=MULTILINE), call("ML3")],
    )
    physical = len([line for line in path.read_bytes().split(b"\n") if line.strip()]) - 1
    assert physical == 6  # the old physical-line count is fooled: 3 records, 6 lines
    assert independent_count(path) == 3
    assert count_csv_records(path.read_text(encoding="utf-8")) - 1 == 3
    result = ingest_file(settings, path, telephony)
    assert_counted(path, result)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (3, 3, 0)
    [(text,)] = rows(settings, "select text_redacted from raw.contacts where contact_id = 'ML2'")
    assert "1) bin not emptied" in text and "Please call back" in text and "\n" in text


@pytest.mark.parametrize(
    ("text", "records"),
    [
        ('a,b\n1,2\n"x\ny",3\n', 3),
        ("a,b\r\n1,2\r\n\r\n3,4", 3),  # a blank line is not a record; no final line break
        ('a,b\n1,"never closed\n2,3\n4,5\n', 4),  # the open quote's line alone, then the rest
        ('a,b\n1,"cust said "bin" not emptied\n2,3\n', 3),  # balanced stray quotes: one line
        ('a,b\r1,"x\ry"\r2,3\r', 3),  # old Mac line ends, as the csv module reads them
    ],
)
def test_the_independent_count_of_csv_records(text: str, records: int) -> None:
    assert count_csv_records(text) == records


def test_a_parser_that_swallows_records_makes_ingest_refuse_the_file(
    settings, telephony, monkeypatch, tmp_path: Path
) -> None:
    """The stray-quote bug, put back: a parser that does not start again after a damaged
    record. Ingest's own independent count catches it and refuses the file, naming both
    counts, instead of reporting a smaller 'read'."""

    def swallowing(text: str, delimiter: str):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            for record in reader:
                yield record, reader.line_num, None
        except csv.Error as exc:
            yield ["<the rest of the file>"], reader.line_num, f"line {reader.line_num}: {exc}"

    monkeypatch.setattr(readers, "_records", swallowing)
    path = write_csv(tmp_path / "telephony_swallow.csv", [call(f"S{n}") for n in range(1, 51)])
    lines = path.read_text().split("\n")
    lines[3] = lines[3].replace("Resident asked", '"cust said "bin" not emptied')
    path.write_text("\n".join(lines))
    with pytest.raises(ReadError, match=r"the parser read 3 record\(s\) but the file has 50"):
        read_export(path, "csv")
    result = ingest_file(settings, path, telephony)
    assert result.status == "failed" and "counted independently" in (result.error or "")
    assert rows(settings, "select count(*) from raw.ingest_manifest") == [(0,)]


def _csv_bytes(rows_wanted: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    row = call("B1")
    for _ in range(rows_wanted):
        writer.writerow(row)
    return buffer.getvalue().encode()


def test_a_gzip_bomb_is_quarantined_without_expanding_it(
    settings, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(compressed, "MAX_DECOMPRESSED_BYTES", 1 << 20)  # 1 MiB for the test
    settings.ensure_dirs()
    bomb = settings.landing_dir / "telephony_bomb.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:  # 64 MiB of zeros after a header
        handle.write(_csv_bytes(1))
        zeros = b"\0" * (1 << 20)
        for _ in range(64):
            handle.write(zeros)
    assert bomb.stat().st_size < 200_000
    write_csv(settings.landing_dir / "telephony_fine.csv", [call("F1"), call("F2")])
    tracemalloc.start()
    try:
        report = ingest_landing(settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"reading the bomb allocated {peak:,} bytes"
    assert report.rows_stored == 2
    [moved] = report.quarantined
    assert moved["file"].endswith("telephony_bomb.csv.gz")
    reason = Path(moved["reason_file"]).read_text()
    assert "expands to more than 1,048,576 bytes" in reason and "zip bomb" in reason


def test_a_zip_bomb_is_refused_from_its_declared_size_and_a_small_gz_still_reads(
    settings, telephony, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(compressed, "MAX_DECOMPRESSED_BYTES", 1 << 20)
    bomb = tmp_path / "telephony_bomb.csv.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("telephony_bomb.csv", _csv_bytes(1) + b"\0" * (8 << 20))
    small = tmp_path / "telephony_small.csv.gz"
    small.write_bytes(gzip.compress(_csv_bytes(3)))
    report = ingest_paths(settings, [bomb, small], mapping=telephony, raise_on_failure=False)
    assert [f.status for f in report.files] == ["failed", "ingested"]
    assert "over the cap of 1,048,576 bytes" in (report.files[0].error or "")
    assert (report.files[1].rows_read, report.files[1].rows_stored) == (3, 3)
