"""Erasure in published files: the record-level rows and theme phrasings of one person.

``fct_contacts`` is record-level (one row per contact, no text, no caller id), so its internal
files and the BI copy hold a row per contact; internal ``emerging_topics`` files hold redacted
phrasings. Every Parquet and CSV file under ``published/`` (week folders and the hidden copies
``latest/`` points at included), ``contact_topics.duckdb`` and the weekly ``report.html``
pages (their table cells) are cleaned in place.
"""

from __future__ import annotations

import html
import io
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

if TYPE_CHECKING:
    from pipelines.governance.source_files import Person
    from pipelines.settings import Settings


def _published_files(root: Path) -> list[Path]:
    found = []
    for folder, _dirs, files in os.walk(root):  # symlinks (latest/) are not followed
        found += [
            Path(folder) / f for f in files if f.endswith((".parquet", ".csv", ".duckdb", ".html"))
        ]
    return sorted(found)


def _clean_frame(frame: pl.DataFrame, person: Person, texts: set[str]) -> tuple[pl.DataFrame, int]:
    """(the frame without the person's rows and phrasings, rows and phrasings removed)."""
    from pipelines.governance.erasure import PHRASE_COLUMNS, without_phrases

    changed = 0
    if {"source_system", "contact_id"} <= set(frame.columns):
        mine = pl.lit(False)
        for source, ids in person.contacts.items():
            mine = mine | (
                (pl.col("source_system") == source) & pl.col("contact_id").is_in(sorted(ids))
            )
        before = frame.height
        frame = frame.filter(~mine.fill_null(False))
        changed += before - frame.height
    for column in PHRASE_COLUMNS:
        if column in frame.columns and texts:
            values = frame.get_column(column).to_list()
            cleaned = [without_phrases(v, texts) for v in values]
            changed += sum(n for _, n in cleaned)
            frame = frame.with_columns(
                pl.Series(column, [v for v, _ in cleaned], dtype=frame.schema[column])
            )
    return frame, changed


_CELL = re.compile(r"(<td[^>]*>)(.*?)(</td>)", re.DOTALL)


def _clean_html(text: str, texts: set[str]) -> tuple[str, int]:
    """A report with the person's phrasings taken out of its table cells."""
    from pipelines.governance.erasure import without_phrases

    removed = 0

    def cell(match: re.Match[str]) -> str:
        nonlocal removed
        new, n = without_phrases(html.unescape(match.group(2)), texts)
        if not n:
            return match.group(0)
        removed += n
        return match.group(1) + html.escape(new or "") + match.group(3)

    return _CELL.sub(cell, text), removed


def _replace(path: Path, data: bytes) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(name, path)


def clean_published(settings: Settings, person: Person, texts: list[str], dry_run: bool) -> int:
    """Remove the person's rows and phrasings from published files; returns how many."""
    from pipelines.governance.erasure import erase_rows

    wanted = {t for t in texts if t and t.strip()}
    total = 0
    for path in _published_files(settings.published_dir):
        if path.suffix == ".duckdb":
            with duckdb.connect(str(path), read_only=dry_run) as con:
                counts, phrasings = erase_rows(con, person, sorted(wanted), dry_run)
                total += sum(counts.values()) + phrasings
            continue
        if path.suffix == ".html":
            page, changed = _clean_html(path.read_text(encoding="utf-8"), wanted)
            total += changed
            if changed and not dry_run:
                _replace(path, page.encode("utf-8"))
            continue
        if path.suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
            frame = pl.read_csv(io.BytesIO(raw), infer_schema=False)
        frame, changed = _clean_frame(frame, person, wanted)
        total += changed
        if changed and not dry_run:
            buffer = io.BytesIO()
            if path.suffix == ".parquet":
                frame.write_parquet(buffer, compression="zstd")
            else:
                frame.write_csv(buffer, include_bom=True)
            _replace(path, buffer.getvalue())
    return total
