"""Export files written again without one person's rows: every format ingest reads."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipelines.governance.source_files import Person, content_without, find_rows
from pipelines.ingest.mapping import Mapping, load_presets
from pipelines.ingest.readers import ROW, read_export
from pipelines.privacy.pseudonymise import normalise_caller_ref, pseudonym
from tests.pipelines.governance.conftest import CALLER_COLUMNS

KEY = b"test-key-not-secret"
TRAILER = r"^TOTAL RECORDS: (\d+)$"


def _preset(name: str) -> Mapping:
    return next(m for m in load_presets() if m.name == name)


def _with_trailer(path: Path) -> tuple[Path, Mapping]:
    rows = pl.read_csv(path, infer_schema=False).height
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"TOTAL RECORDS: {rows}\n")
    return path, replace(_preset("council_telephony"), csv_trailer=TRAILER)


def _gz(path: Path) -> tuple[Path, Mapping]:
    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(path.read_bytes()))
    path.unlink()
    return target, _preset("council_telephony")


def _zip(path: Path) -> tuple[Path, Mapping]:
    target = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(path, path.name)
    path.unlink()
    return target, _preset("council_telephony")


CASES: dict[str, tuple[str, Callable[[Path], tuple[Path, Mapping]]]] = {
    "csv": ("telephony", lambda p: (p, _preset("council_telephony"))),
    "csv with a trailer": ("telephony", _with_trailer),
    "csv.gz": ("telephony", _gz),
    "zip": ("telephony", _zip),
    "jsonl": ("webchat", lambda p: (p, _preset("council_webchat"))),
    "parquet": ("crm_cases", lambda p: (p, _preset("council_crm_cases"))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_is_written_again_without_the_persons_rows(
    demo_workdir: Path, tmp_path: Path, case: str
) -> None:
    prefix, prepare = CASES[case]
    original = sorted((demo_workdir / "landing").glob(f"{prefix}_*"))[0]
    column = CALLER_COLUMNS[original.suffix]
    frame = read_export(original, _preset(
        {"telephony": "council_telephony", "webchat": "council_webchat",
         "crm_cases": "council_crm_cases"}[prefix]).format).frame  # fmt: skip
    refs = frame.get_column(column).drop_nulls().cast(pl.Utf8).to_list()
    caller = max(set(refs), key=lambda r: (refs.count(r), r))  # the caller with most rows here
    normalised = normalise_caller_ref(caller)
    path, mapping = prepare(Path(shutil.copy(original, tmp_path / original.name)))
    person = Person((pseudonym(caller, KEY),), (normalised,), KEY)

    found = find_rows(path, person, {}, mapping)
    assert found.error is None
    before = read_export(path, mapping.format, mapping.csv_delimiter, mapping.csv_trailer)
    theirs = {
        row[ROW]
        for row in before.frame.iter_rows(named=True)
        if row[column] is not None and normalise_caller_ref(str(row[column])) == normalised
    }
    assert found.rows == theirs and theirs

    path.write_bytes(content_without(found))
    after = read_export(path, mapping.format, mapping.csv_delimiter, mapping.csv_trailer)
    assert after.rows_read == before.rows_read - len(theirs)  # a trailer's count agrees
    kept = before.frame.filter(~pl.col(ROW).is_in(sorted(theirs))).drop(ROW)
    assert after.frame.drop(ROW).equals(kept)  # every other row as it was
    assert find_rows(path, person, {}, mapping).rows == set()
