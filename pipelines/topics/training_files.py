"""Labelled and unlabelled text files for the model commands: CSV, JSON Lines or Parquet.

Used by ``contact-topics train``, ``classify`` and ``evaluate`` (``pipelines/cli/models.py``).
Every problem with a file becomes a :class:`LabelledFileError` naming the file and, where it
can, the line and column: a missing file, an unknown suffix, an empty file, a missing column,
or bytes that are not UTF-8. CSV columns are read as text, so values pass through ``classify``
unchanged.
"""

from __future__ import annotations

import codecs
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pyarrow.parquet as pq

from pipelines.topics.model import TrainedModel, save_model, train_model
from pipelines.warehouse import open_warehouse

if TYPE_CHECKING:
    from pipelines.settings import Settings

log = logging.getLogger(__name__)
FORMAT_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
_UTF8_CHUNK = 1 << 20


class LabelledFileError(ValueError):
    """An input or output file of the model commands cannot be used (the message says why)."""


def format_of(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` from the file name's suffix."""
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise LabelledFileError(
            f"{path}: unknown file type {path.suffix!r}; expected one of "
            f"{', '.join(FORMAT_BY_SUFFIX)}"
        ) from None


def check_utf8(path: Path) -> None:
    """Raise :class:`LabelledFileError` with the line number of the first non-UTF-8 byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_UTF8_CHUNK), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise LabelledFileError(
                    f"{path}: line {line} is not UTF-8 (byte {chunk[exc.start]:#04x}); "
                    "save the file as UTF-8 and try again"
                ) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise LabelledFileError(f"{path}: the file ends part-way through a character") from None


def _scan(path: Path) -> pl.LazyFrame:
    """A lazy view of ``path`` after checking it exists, is not empty and is UTF-8 text."""
    file_format = format_of(path)
    if not path.is_file():
        raise LabelledFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise LabelledFileError(f"{path}: the file is empty")
    if file_format == "parquet":
        return pl.scan_parquet(path)
    check_utf8(path)
    if file_format == "csv":
        return pl.scan_csv(path, infer_schema=False, raise_if_empty=True)
    return pl.scan_ndjson(path, infer_schema_length=None)


def _columns(path: Path, frame: pl.LazyFrame) -> list[str]:
    try:
        return frame.collect_schema().names()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise LabelledFileError(f"{path}: cannot be read: {exc}") from exc


def _require(path: Path, available: list[str], required: list[str]) -> None:
    missing = [column for column in required if column not in available]
    if missing:
        raise LabelledFileError(
            f"{path}: no column {', '.join(repr(c) for c in missing)}; "
            f"the columns are {', '.join(repr(c) for c in available)}"
        )


def read_labelled(path: Path, text_column: str, label_column: str) -> tuple[list, list]:
    """(texts, labels) from a labelled file; nulls stay None (training leaves them out)."""
    path = Path(path)
    frame = _scan(path)
    _require(path, _columns(path, frame), [text_column, label_column])
    try:
        data = frame.select(
            pl.col(text_column).cast(pl.Utf8), pl.col(label_column).cast(pl.Utf8)
        ).collect()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise LabelledFileError(f"{path}: cannot be read: {exc}") from exc
    if data.height == 0:
        raise LabelledFileError(f"{path}: the file has a header but no rows")
    return data.get_column(text_column).to_list(), data.get_column(label_column).to_list()


def iter_batches(path: Path, text_column: str, batch_rows: int) -> Iterator[pl.DataFrame]:
    """The rows of ``path`` in batches of up to ``batch_rows``, read as a stream."""
    path = Path(path)
    frame = _scan(path)
    _require(path, _columns(path, frame), [text_column])
    seen = 0
    try:
        for batch in frame.collect_batches(chunk_size=batch_rows):
            seen += batch.height
            yield batch
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise LabelledFileError(f"{path}: cannot be read after row {seen}: {exc}") from exc
    if seen == 0:
        raise LabelledFileError(f"{path}: the file has a header but no rows")


class BatchWriter:
    """Write frames one batch at a time to a CSV, JSON Lines or Parquet file.

    Writes to ``<output>.tmp`` and renames it on :meth:`close`, so a failed run never leaves a
    half-written output under the real name.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.format = format_of(self.path)
        if not self.path.parent.is_dir():
            raise LabelledFileError(f"{self.path}: folder {self.path.parent} does not exist")
        self._tmp = self.path.with_name(self.path.name + ".tmp")
        self._handle = None if self.format == "parquet" else self._tmp.open("wb")
        self._parquet: pq.ParquetWriter | None = None
        self.rows = 0

    def write(self, frame: pl.DataFrame) -> None:
        if self.format == "csv":
            frame.write_csv(self._handle, include_header=self.rows == 0)
        elif self.format == "jsonl":
            frame.write_ndjson(self._handle)
        else:
            table = frame.to_arrow()
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._tmp, table.schema)
            self._parquet.write_table(table)
        self.rows += frame.height

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._parquet is not None:
            self._parquet.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._parquet is not None:
            self._parquet.close()
        self._tmp.unlink(missing_ok=True)


def train_from_file(
    path: Path,
    text_column: str,
    label_column: str,
    model_dir: Path,
    seed: int = 0,
    extra_patterns: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> TrainedModel:
    """Train on a labelled file, evaluate on a held-out split, write the model to ``model_dir``
    with its ``model_card.md``.

    With ``settings`` (``contact-topics train --input`` always passes them), the model is
    recorded in that deployment's ``ops.audit_log`` (``model_trained``, docs/governance.md):
    the row is committed only once the model's files are written (a failure writing them leaves
    no row), and a warehouse another process holds stops the command before training, with
    nothing written.

    The file's texts are redacted first (``pipelines.privacy.redact``, with a council's
    ``extra_patterns``), as ingest redacts contacts before storing them: the model never sees,
    and its vocabulary never holds, what redaction removes (issue 14). Text already redacted
    passes through unchanged.
    """
    from pipelines.governance.model_card import write_model_card
    from pipelines.privacy.redact import redact_series

    texts, labels = read_labelled(Path(path), text_column, label_column)
    if settings is not None:  # a busy warehouse stops it before training, not after
        with open_warehouse(settings.warehouse_path):
            pass
    redacted, counts = redact_series(pl.Series("text", texts, dtype=pl.Utf8), extra_patterns)
    log.info(
        "%s: redacted %d personal data item(s) before training",
        Path(path).name,
        sum(counts.values()),
    )
    model = train_model(redacted.to_list(), labels, seed=seed)
    source = (
        f"labels from column '{label_column}' of {Path(path).name}, texts from column "
        f"'{text_column}', redacted before training (`contact-topics train --input`)"
    )
    if settings is None:
        save_model(model, Path(model_dir))
        write_model_card(Path(model_dir), None, None, source)
    else:
        from pipelines.governance import audit

        details = audit.model_trained_details(
            model, Path(path), (text_column, label_column), Path(model_dir).resolve()
        )
        with open_warehouse(settings.warehouse_path) as con:
            con.begin()
            audit.record(con, "model_trained", model.version, details,
                         audit.current_actor(settings))  # fmt: skip
            save_model(model, Path(model_dir))
            write_model_card(Path(model_dir), None, None, source)
            con.commit()
    log.info("model %s and its model card written to %s", model.version, model_dir)
    return model
