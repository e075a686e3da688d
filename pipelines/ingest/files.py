"""Ingest export files into ``raw`` tables: map, validate, redact, pseudonymise, append.

For every file: rows read = rows stored + rows rejected, recorded in ``raw.ingest_manifest``;
a file already in the manifest (same content, whatever its name) adds nothing. Each file is
written in one transaction, so a failure leaves nothing half-stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.contract import SUPPORTED_SUFFIXES
from pipelines.ingest.conform import (
    REASON,
    REASON_COLUMN,
    ConformError,
    DateWindow,
    check_columns,
    conform,
)
from pipelines.ingest.free_text import CODE_DISCLOSES, protect_codes, taxonomy_codes
from pipelines.ingest.links import refused_link
from pipelines.ingest.mapping import Mapping, MappingError, detect_mapping, load_presets
from pipelines.ingest.nested_read import read_mapped
from pipelines.ingest.readers import ROW, ReadError, uncompressed_name
from pipelines.ingest.shown import record_field, safe_message, showable
from pipelines.privacy import (
    load_extra_patterns,
    pseudonymise_column,
    redact_text_column,
    redact_texts,
    vulnerability_flag_expr,
)
from pipelines.settings import Settings
from pipelines.warehouse import WarehouseBusyError, connect

log = logging.getLogger(__name__)


class IngestError(RuntimeError):
    """One or more files could not be ingested (the others were)."""


@dataclass
class FileResult:
    path: Path
    status: str  # "ingested", "skipped" (already ingested) or "failed"
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    mapping: str | None = None
    error: str | None = None
    file_id: str | None = None  # the content's SHA-256, once read


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def new_file_ids(self) -> list[str]:
        return [file_id(f.path) for f in self.files if f.status == "ingested"]


@dataclass(frozen=True)
class Protection:
    """What ingest needs to protect personal data: the pseudonym key, extra patterns and the
    taxonomy's wrap-up codes (kept as they are: ``free_text.py``)."""

    key: bytes = field(repr=False)
    extra_patterns: dict[str, str] | None = None
    known_codes: frozenset[str] = frozenset()


def file_id(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def is_export_name(name: str) -> bool:
    """An export file's name: a supported suffix, possibly compressed (``.csv.gz``, ``.zip``)."""
    return Path(
        uncompressed_name(name)
    ).suffix.lower() in SUPPORTED_SUFFIXES or name.lower().endswith(".zip")


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, plus the top-level export files of any folder, in name order."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            # links are listed too (even broken ones), so that one out of the folder is
            # refused by name (links.py), not silently skipped
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if (p.is_file() or p.is_symlink()) and is_export_name(p.name)
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return files


def ingest_paths(
    settings: Settings,
    paths: list[Path],
    mapping: Mapping | None = None,
    raise_on_failure: bool = True,
) -> IngestReport:
    """Ingest files (or the export files in folders) into the warehouse."""
    files = expand_paths(paths)
    presets = load_presets() if mapping is None else []
    protection = Protection(
        settings.resolved_pseudonym_key(),
        load_extra_patterns(settings.redaction_patterns_file),
        taxonomy_codes(settings.taxonomy_file),
    )
    window = DateWindow.from_min_date(settings.min_contact_date)
    report = IngestReport()
    with _open_for_ingest(settings.warehouse_path) as con:
        for index, path in enumerate(files, start=1):
            refused = refused_link(path)
            if refused:
                result = FileResult(path, "failed", error=refused)
            else:
                result = _ingest_one(con, path, mapping, presets, protection, window)
            report.files.append(result)
            log.info(
                "[%d/%d] %s: %s, read %d = stored %d + rejected %d%s",
                index,
                len(files),
                path.name,
                result.status,
                result.rows_read,
                result.rows_stored,
                result.rows_rejected,
                f" ({result.error})" if result.error else "",
            )
    log.info(
        "ingest: %d file(s), %d new, %d already ingested, %d failed; rows read %d, stored "
        "%d, rejected %d",
        len(files),
        sum(f.status == "ingested" for f in report.files),
        sum(f.status == "skipped" for f in report.files),
        len(report.failed),
        report.total("rows_read"),
        report.total("rows_stored"),
        report.total("rows_rejected"),
    )
    if report.failed and raise_on_failure:
        details = "; ".join(f"{f.path}: {f.error}" for f in report.failed)
        raise IngestError(f"{len(report.failed)} file(s) could not be ingested: {details}")
    return report


@contextmanager
def _open_for_ingest(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened for writing, or an :class:`IngestError` that says why it cannot be."""
    try:
        con = connect(path)
    except WarehouseBusyError as exc:
        raise IngestError(str(exc)) from exc
    except (duckdb.Error, OSError) as exc:
        raise IngestError(f"cannot open the warehouse {path} for writing: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def _ingest_one(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: Mapping | None,
    presets: list[Mapping],
    protection: Protection,
    window: DateWindow | None = None,
) -> FileResult:
    """One file in one transaction. Any error while reading, checking or protecting it fails
    that file alone (with the reason), so the files after it still go through."""
    try:
        fid = file_id(path)
    except OSError as exc:
        return FileResult(path, "failed", error=f"cannot be read: {exc}")
    seen = con.execute(
        "select rows_read from raw.ingest_manifest where ingest_file_id = ?", [fid]
    ).fetchone()
    if seen:
        return FileResult(path, "skipped", error="already ingested (same content)", file_id=fid)
    try:
        chosen = mapping or detect_mapping(path, presets)
        read = read_mapped(path, chosen)  # flat formats: read_export as before
        conformed = conform(read.frame, chosen, str(path), window) if read.frame.height else None
        if conformed is None and read.frame.width > 1:  # header only: still check the columns
            check_columns(read.frame, chosen, str(path))
        good = _protect(conformed.good, protection) if conformed else None
        bad = conformed.bad if conformed else None
        rejects = _rejects(bad, read.unparseable, chosen, fid, path, protection.extra_patterns)
    except (MappingError, ReadError, ConformError) as exc:
        return FileResult(path, "failed", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the others
        # a library's message can quote the value it failed on: never logged as it is
        error = f"{path}: unexpected error ({type(exc).__name__}): {safe_message(exc)}"
        log.error("%s; traceback:\n%s", error, "".join(traceback.format_tb(exc.__traceback__)))
        return FileResult(path, "failed", error=error)
    stored = good.height if good is not None else 0
    result = FileResult(path, "ingested", read.rows_read, stored, rejects.height, chosen.name)
    result.file_id = fid
    if result.rows_read != result.rows_stored + result.rows_rejected:  # pragma: no cover
        raise AssertionError(f"{path}: row accounting broken: {result}")
    now = datetime.now(UTC)
    con.begin()
    try:
        if good is not None and good.height:
            contacts = good.with_columns(
                pl.lit(fid).alias("ingest_file_id"), pl.lit(now).alias("ingested_at")
            )
            con.register("incoming_contacts", contacts.to_arrow())
            con.execute(_INSERT_CONTACTS)
            con.unregister("incoming_contacts")
        if rejects.height:
            con.register(
                "incoming_rejects",
                rejects.with_columns(pl.lit(now).alias("rejected_at")).to_arrow(),
            )
            con.execute("insert into raw.rejected_rows by name select * from incoming_rejects")
            con.unregister("incoming_rejects")
        con.execute(
            "insert into raw.ingest_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                fid,
                str(path),
                chosen.source_system,
                chosen.name,
                chosen.format,
                result.rows_read,
                result.rows_stored,
                result.rows_rejected,
                now,
            ],
        )
        con.commit()
    except Exception:
        con.rollback()
        raise
    if result.rows_rejected:
        log.warning(
            "%s: %d row(s) rejected (the reasons are in raw.rejected_rows): %s",
            path.name,
            result.rows_rejected,
            _rejects_by_column(rejects),
        )
    return result


def _rejects_by_column(rejects: pl.DataFrame) -> str:
    """``column 'Start Time': 3 row(s) (rows 2, 5, 9); ...``: columns and row numbers only,
    never a value (a reason may show a redacted one; a log line shows none)."""
    groups = (
        rejects.with_columns(pl.col("column_name").fill_null("(the whole row)"))
        .group_by("column_name", maintain_order=True)
        .agg(pl.len().alias("n"), pl.col("source_row_number").head(5).alias("first"))
    )
    return "; ".join(
        f"column '{column}': {n} row(s) (rows {', '.join(map(str, first))}"
        f"{' ...' if n > len(first) else ''})"
        for column, n, first in groups.rows()
    )


_INSERT_CONTACTS = """
insert into raw.contacts by name
select source_system, contact_id, started_at, ended_at, handle_seconds, wait_seconds, channel,
       queue, wrap_up_code, outcome, caller_pseudonym, text_redacted, redaction_count,
       vulnerability_flag, updated_at, ingest_file_id, source_row_number, ingested_at
from incoming_contacts
"""


def _protect(good: pl.DataFrame, protection: Protection) -> pl.DataFrame:
    """Flag safeguarding markers on the original text (and wrap-up code), then redact it, the
    queue and wrap-up code (``free_text.py``), and hash caller ids.

    The original text and caller id are dropped here: nothing after this sees them.
    """
    codes = protect_codes(good, protection.known_codes, protection.extra_patterns)
    flagged = codes.with_columns(
        (vulnerability_flag_expr("text") | pl.col(CODE_DISCLOSES)).alias("vulnerability_flag")
    ).drop(CODE_DISCLOSES)
    redacted = redact_text_column(
        flagged,
        "text",
        out_column="text_redacted",
        count_column="redaction_count",
        extra_patterns=protection.extra_patterns,
    )
    hashed = pseudonymise_column(redacted, "caller_ref", "caller_pseudonym", protection.key)
    return (
        hashed.drop("text", "caller_ref")
        .rename({ROW: "source_row_number"})
        .with_columns(
            pl.col("redaction_count").cast(pl.Int32), pl.col("source_row_number").cast(pl.Int32)
        )
    )


def _rejects(
    bad: pl.DataFrame | None,
    unparseable: list[tuple[int, str, str]],
    mapping: Mapping,
    fid: str,
    path: Path,
    extra_patterns: dict[str, str] | None,
) -> pl.DataFrame:
    """Rejected rows with their reason; the record is kept as JSON, caller id removed: its free
    text (text, queue and wrap-up code columns) redacted, every other field shown only when the
    redactor leaves it short and free of personal data (``shown.py``), else its length."""
    rows: list[dict[str, object]] = []
    if bad is not None and bad.height:
        caller_column = mapping.columns.get("caller_ref")
        record_columns = [
            c for c in bad.columns if c not in (ROW, REASON, REASON_COLUMN, caller_column)
        ]
        values = bad.select(record_columns).cast(pl.Utf8, strict=False)
        free_text = {
            *mapping.text_columns,
            *(
                mapping.columns[f]
                for f in ("text", "queue", "wrap_up_code")
                if f in mapping.columns
            ),
        }
        # every field on its own, before JSON escaping, in one pass over all fields (column
        # after column: one call per file, not one per column)
        originals = [value for column in values.iter_columns() for value in column.to_list()]
        redacted = redact_texts(originals, extra_patterns)
        n = values.height
        fields = [
            safe
            if record_columns[k // n] in free_text
            else record_field(value, safe if safe is not None and showable(safe) else None)
            for k, (value, safe) in enumerate(zip(originals, redacted, strict=True))
        ]
        records = [
            {column: fields[j * n + i] for j, column in enumerate(record_columns)} for i in range(n)
        ]
        texts = [json.dumps(r, ensure_ascii=False, default=str) for r in records]
        for number, reason, column, text in zip(
            bad.get_column(ROW).to_list(),
            bad.get_column(REASON).to_list(),
            bad.get_column(REASON_COLUMN).to_list(),
            texts,
            strict=True,
        ):
            rows.append(
                {
                    "source_row_number": number,
                    "column_name": column,
                    "reason": f"{path.name} row {number}: {reason}",
                    "record_redacted": text,
                }
            )
    raw_lines = redact_texts([raw for _, _, raw in unparseable], extra_patterns)
    for (number, reason, _), text in zip(unparseable, raw_lines, strict=True):
        rows.append(
            {
                "source_row_number": number,
                "column_name": None,
                "reason": f"{path.name} row {number}: {reason}",
                "record_redacted": text,
            }
        )
    schema = {
        "source_row_number": pl.Int32,
        "column_name": pl.Utf8,
        "reason": pl.Utf8,
        "record_redacted": pl.Utf8,
    }
    frame = pl.DataFrame(rows, schema=schema)
    return frame.with_columns(
        pl.lit(fid).alias("ingest_file_id"), pl.lit(str(path)).alias("file_path")
    )
