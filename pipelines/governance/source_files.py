"""One person's rows in export files: find them, and write the file again without them.

Rows are numbered as ingest numbers them (``source_row_number``): CSV data records and
Parquet rows from 1, JSON Lines by physical line. A row is the person's when its caller id has
the person's pseudonym, its contact id is one of the person's contacts (same source system), or,
for a row that could not be parsed, one of its fields normalises to the person's id.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.ingest.files import file_id, is_export_name
from pipelines.ingest.mapping import Mapping, MappingError, detect_mapping, load_presets
from pipelines.ingest.readers import (
    ROW,
    ReadError,
    _records,
    decode,
    read_bytes,
    read_export,
)
from pipelines.privacy.pseudonymise import normalise_caller_ref, pseudonymise_column

_FIELD_SPLIT = re.compile(r"[,;\t|\"{}:\[\]]")


@dataclass(frozen=True)
class Person:
    """Whom to find: the pseudonyms and normalised forms of their id, and their contacts per
    source system (a number written "+44 (0)20 ..." has two forms: with and without the 0)."""

    pseudonyms: tuple[str, ...]
    normalised: tuple[str, ...]
    key: bytes
    contacts: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class FileRows:
    """The person's rows in one export file."""

    path: Path
    file_id: str
    mapping: Mapping | None
    rows: set[int] = field(default_factory=set)
    error: str | None = None


def export_files(folders: list[Path]) -> list[Path]:
    """Export files (any supported format, compressed or not) in these folders, recursively."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += [
                p
                for p in sorted(folder.rglob("*"))
                if p.is_file() and not p.is_symlink() and is_export_name(p.name)
            ]
    return found


def _mapping_for(path: Path, known: dict[str, str], presets: list[Mapping]) -> Mapping:
    """The mapping ingest used (by file id in the manifest), else the one the name matches."""
    name = known.get(file_id(path))
    if name:
        for preset in presets:
            if preset.name == name:
                return preset
    return detect_mapping(path, presets)


def find_rows(
    path: Path, person: Person, known_mappings: dict[str, str], mapping: Mapping | None = None
) -> FileRows:
    """The person's rows in ``path`` (``error`` says why a file could not be checked); the
    mapping: ``mapping``, else the one ingest used, else the preset the file name matches."""
    result = FileRows(path, file_id(path), None)
    try:
        mapping = mapping or _mapping_for(path, known_mappings, load_presets())
        result.mapping = mapping
        read = read_export(path, mapping.format, mapping.csv_delimiter, mapping.csv_trailer)
    except (MappingError, ReadError, OSError) as exc:
        result.error = str(exc)
        return result
    frame = read.frame
    caller = mapping.columns.get("caller_ref")
    if caller and caller in frame.columns and frame.height:
        hashed = pseudonymise_column(frame.select(ROW, caller), caller, "__p", person.key)
        mine = hashed.filter(pl.col("__p").is_in(list(person.pseudonyms)))
        result.rows |= set(mine[ROW].to_list())
    ids = person.contacts.get(mapping.source_system, set())
    id_column = mapping.columns.get("contact_id")
    if ids and id_column and id_column in frame.columns:
        mine = frame.filter(pl.col(id_column).cast(pl.Utf8).str.strip_chars().is_in(sorted(ids)))
        result.rows |= set(mine[ROW].to_list())
    for number, _reason, raw in read.unparseable:
        fields = [f for f in _FIELD_SPLIT.split(raw) if f.strip()]
        if any(normalise_caller_ref(f) in person.normalised for f in fields):
            result.rows.add(number)
    return result


def _csv_without(path: Path, mapping: Mapping, rows: set[int]) -> str:
    text = decode(path)
    trailer_line, ending = "", ""
    if mapping.csv_trailer is not None:
        stripped = text.rstrip("\r\n")
        ending = text[len(stripped) :]
        cut = max(stripped.rfind("\n"), stripped.rfind("\r"))
        text, trailer_line = stripped[: cut + 1], stripped[cut + 1 :]
    lines = io.StringIO(text, newline="").readlines()
    kept: list[str] = []
    previous, number, header = 0, 0, True
    for record, end, _error in _records(text, mapping.csv_delimiter):
        span, previous = lines[previous:end], end
        if header:
            header = False
        elif record:
            number += 1
            if number in rows:
                continue
        kept.extend(span)
    kept.extend(lines[previous:])
    if trailer_line:
        found = re.search(mapping.csv_trailer or "", trailer_line.strip())
        if found is not None:
            offset = len(trailer_line) - len(trailer_line.lstrip())
            start, stop = found.start(1) + offset, found.end(1) + offset
            count = int(found.group(1)) - len(rows)
            trailer_line = trailer_line[:start] + str(count) + trailer_line[stop:]
        kept.append(trailer_line + ending)
    return "".join(kept)


def _jsonl_without(path: Path, rows: set[int]) -> str:
    lines = decode(path).split("\n")
    return "\n".join(line for number, line in enumerate(lines, start=1) if number not in rows)


def _parquet_without(path: Path, rows: set[int]) -> bytes:
    frame = pl.read_parquet(io.BytesIO(read_bytes(path)))
    keep = pl.Series([n not in rows for n in range(1, frame.height + 1)])
    buffer = io.BytesIO()
    frame.filter(keep).write_parquet(buffer)
    return buffer.getvalue()


def content_without(found: FileRows) -> bytes:
    """The file's new bytes: the person's rows left out, compressed as the original was."""
    assert found.mapping is not None
    path, mapping = found.path, found.mapping
    if mapping.format == "parquet":
        data = _parquet_without(path, found.rows)
    elif mapping.format == "jsonl":
        data = _jsonl_without(path, found.rows).encode("utf-8")
    else:
        data = _csv_without(path, mapping, found.rows).encode("utf-8")
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.compress(data, mtime=0)
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            member = next(m for m in archive.infolist() if not m.is_dir())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(member.filename, data)
        return buffer.getvalue()
    return data
