"""Rights of the data subject: erase one person's data (subject access: ``subject_access.py``).

The caller id is taken as the source system holds it (a UK phone number in any format, an
e-mail address, a CRM customer id), normalised and pseudonymised with the deployment's key
(pipelines/privacy/pseudonymise.py), exactly as ingest does. Nothing stores the id itself; the
audit row holds counts only.

Erasure removes, in one warehouse transaction: every row of every table that holds the
person's pseudonym or one of their contacts (raw, ml, reviewed labels and their history,
discovery assignments, dbt tables), their rejected rows, and their phrasings from discovered
themes; the export files in landing, archive, quarantine and incoming are written again without
their rows (new file ids recorded in the manifest so the files are not ingested again), and
published files and the BI copy are cleaned. The weeks they had contacts in are queued in
``ops.republish_requests`` for the next weekly run.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.governance import audit
from pipelines.governance.published_files import clean_published
from pipelines.governance.source_files import (
    FileRows,
    Person,
    content_without,
    export_files,
    find_rows,
)
from pipelines.privacy.pseudonymise import normalise_caller_ref, pseudonym
from pipelines.settings import Settings
from pipelines.warehouse import base_table_columns, count, open_warehouse

log = logging.getLogger(__name__)
_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")
MIN_MATCHED_CHARS = 20
PHRASE_COLUMNS = ("representative_texts", "representative_phrasings")


class ErasureError(ValueError):
    """The caller id cannot be used (empty)."""


@dataclass
class ErasureReport:
    """What an erasure removed (or would remove, for a dry run): counts, never the id."""

    dry_run: bool
    contacts: int = 0
    rows_deleted: dict[str, int] = field(default_factory=dict)
    rejected_rows: int = 0
    phrasings_removed: int = 0
    files_rewritten: int = 0
    file_rows_removed: int = 0
    files_not_checked: list[str] = field(default_factory=list)
    published_rows_removed: int = 0
    weeks_to_republish: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.rows_deleted.values()) + self.rejected_rows + self.file_rows_removed

    def describe(self) -> str:
        verb = "would remove" if self.dry_run else "removed"
        if self.total == 0 and not self.files_not_checked:
            return "no stored rows for that caller id: nothing to erase (0 rows)"
        tables = ", ".join(f"{t} {n}" for t, n in sorted(self.rows_deleted.items()) if n)
        lines = [
            f"{verb} {self.contacts} contact(s): table rows {tables or 'none'}; rejected rows "
            f"{self.rejected_rows}; {self.file_rows_removed} row(s) from {self.files_rewritten} "
            f"export file(s); {self.published_rows_removed} published row(s); "
            f"{self.phrasings_removed} theme phrasing(s)",
            f"weeks {'to be ' if self.dry_run else ''}queued for republication: "
            f"{', '.join(self.weeks_to_republish) or 'none'}",
        ]
        if self.files_not_checked:
            lines.append("could not check (erase by hand): " + "; ".join(self.files_not_checked))
        return "\n".join(lines)


def person_for(settings: Settings, caller_id: str) -> Person:
    if not caller_id or not caller_id.strip():
        raise ErasureError("--caller-id is empty: give the id as the source system holds it")
    if not settings.warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {settings.warehouse_path}: nothing is stored")
    key = settings.resolved_pseudonym_key()
    forms = [caller_id]
    if _TRUNK_ZERO.search(caller_id):  # "+44 (0)7700 ...": the source may hold either form
        forms.append(_TRUNK_ZERO.sub("", caller_id))
    return Person(
        tuple(dict.fromkeys(pseudonym(f, key) for f in forms)),
        tuple(dict.fromkeys(normalise_caller_ref(f) for f in forms)),
        key,
    )


def _contacts(con: duckdb.DuckDBPyConnection, person: Person) -> Person:
    rows = con.execute(
        "select distinct source_system, contact_id from raw.contacts "
        "where caller_pseudonym in (select unnest(?))",
        [list(person.pseudonyms)],
    ).fetchall()
    contacts: dict[str, set[str]] = {}
    for source, contact in rows:
        contacts.setdefault(source, set()).add(contact)
    return Person(person.pseudonyms, person.normalised, person.key, contacts)


def _person_keys(person: Person) -> pl.DataFrame:
    pairs = [(s, c) for s, ids in person.contacts.items() for c in sorted(ids)]
    return pl.DataFrame(
        {"source_system": [p[0] for p in pairs], "contact_id": [p[1] for p in pairs]},
        schema={"source_system": pl.Utf8, "contact_id": pl.Utf8},
    )


def erase_rows(
    con: duckdb.DuckDBPyConnection, person: Person, texts: list[str], dry_run: bool
) -> tuple[dict[str, int], int]:
    """Delete the person's rows from every base table; (rows per table, phrasings removed)."""
    con.register("erase_keys", _person_keys(person).to_arrow())
    counts: dict[str, int] = {}
    for table, columns in sorted(base_table_columns(con).items()):
        conditions = []
        if {"source_system", "contact_id"} <= columns:
            conditions.append(
                f"exists (select 1 from erase_keys as k where k.source_system = "
                f"{table}.source_system and k.contact_id = {table}.contact_id)"
            )
        if "caller_pseudonym" in columns:
            quoted = ", ".join(f"'{p}'" for p in person.pseudonyms)  # hex digests only
            conditions.append(f"caller_pseudonym in ({quoted})")
        if not conditions:
            continue
        where = " or ".join(conditions)
        counts[table] = count(con, f"select count(*) from {table} where {where}")
        if counts[table] and not dry_run:
            con.execute(f"delete from {table} where {where}")
    phrasings = 0
    for table, columns in base_table_columns(con).items():
        for column in PHRASE_COLUMNS:
            if column in columns:
                phrasings += scrub_phrases(con, table, column, texts, dry_run)
    con.unregister("erase_keys")
    return counts, phrasings


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def without_phrases(cell: str | None, texts: set[str]) -> tuple[str | None, int]:
    """A " | "-joined cell without the parts that are one of ``texts`` or cut from one.

    Published phrasings are cut with "…" and CSV files have line breaks as spaces, so parts are
    compared with the ellipsis dropped and white space squeezed; a part shorter than
    ``MIN_MATCHED_CHARS`` must be a whole text (a topic name is not removed for being a word of
    someone's text).
    """
    if not cell:
        return cell, 0
    wanted = [_squeezed(t) for t in texts]
    parts = cell.split(" | ")
    kept = []
    for part in parts:
        core = _squeezed(part).removesuffix("…").strip()
        whole = core in wanted  # the whole text, however short
        cut = len(core) >= MIN_MATCHED_CHARS and any(core in text for text in wanted)
        if not (whole or cut):
            kept.append(part)
    return " | ".join(kept), len(parts) - len(kept)


def scrub_phrases(
    con: duckdb.DuckDBPyConnection, table: str, column: str, texts: list[str], dry_run: bool
) -> int:
    """Remove the person's texts from a column of joined phrasings; returns phrasings removed."""
    wanted = {t for t in texts if t and t.strip()}
    if not wanted:
        return 0
    removed = 0
    cells = con.execute(f"select distinct {column} from {table}").fetchall()
    for (cell,) in cells:
        new, n = without_phrases(cell, wanted)
        if n:
            removed += n
            if not dry_run:
                con.execute(f"update {table} set {column} = ? where {column} = ?", [new, cell])
    return removed


def _weeks(con: duckdb.DuckDBPyConnection, settings: Settings, person: Person) -> list[date]:
    rows = con.execute(
        "select distinct cast(date_trunc('week', timezone(?, started_at)) as date) "
        "from raw.contacts where caller_pseudonym in (select unnest(?)) order by 1",
        [settings.timezone, list(person.pseudonyms)],
    ).fetchall()
    return [row[0] for row in rows]


def source_folders(settings: Settings) -> list[Path]:
    """Local folders that hold export files: landing, the processed area, archive,
    quarantine, incoming."""
    landing = Path(settings.landing_url) if settings.landing_url else settings.landing_dir
    processed = getattr(settings, "processed_url", None)  # the ingest DAG's processed area
    folders = [settings.workdir / name for name in ("archive", "incoming")]
    folders += [landing, Path(processed or f"{landing}_processed")]
    quarantine = settings.quarantine_url or str(settings.workdir / "quarantine")
    folders.append(Path(quarantine))
    return [f for f in dict.fromkeys(folders) if "://" not in str(f)]


def _files_with_rows(
    con: duckdb.DuckDBPyConnection, settings: Settings, person: Person, report: ErasureReport
) -> list[FileRows]:
    known = dict(
        con.execute("select ingest_file_id, mapping_name from raw.ingest_manifest").fetchall()
    )
    found = []
    for path in export_files(source_folders(settings)):
        rows = find_rows(path, person, known)
        if rows.error:
            report.files_not_checked.append(f"{path}: {rows.error}")
        elif rows.rows:
            found.append(rows)
    return found


def _reid_file(con: duckdb.DuckDBPyConnection, old: str, new: str, removed: int) -> None:
    """Give a rewritten file's rows its new file id, so ingest skips the file as seen."""
    found = con.execute(
        "select * from raw.ingest_manifest where ingest_file_id = ?", [old]
    ).fetchall()
    if not found:
        return
    record = found[0]
    n_stored = count(con, "select count(*) from raw.contacts where ingest_file_id = ?", [old])
    n_rejected = count(
        con, "select count(*) from raw.rejected_rows where ingest_file_id = ?", [old]
    )
    con.execute("delete from raw.ingest_manifest where ingest_file_id = ?", [old])
    values = list(record)
    values[0], values[5], values[6], values[7] = new, n_stored + n_rejected, n_stored, n_rejected
    con.execute("insert into raw.ingest_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    for table in ("raw.contacts", "raw.rejected_rows"):
        con.execute(f"update {table} set ingest_file_id = ? where ingest_file_id = ?", [new, old])
    log.info("manifest: file %s... is now %s... (%d row(s) erased)", old[:12], new[:12], removed)


def erase(settings: Settings, caller_id: str, dry_run: bool = False) -> ErasureReport:
    """Erase (or, with ``dry_run``, count) everything stored for one caller id."""
    person = person_for(settings, caller_id)
    report = ErasureReport(dry_run=dry_run)
    staged: list[tuple[Path, Path]] = []
    with open_warehouse(settings.warehouse_path) as con:  # busy: WarehouseBusyError, at once
        person = _contacts(con, person)
        report.contacts = sum(len(ids) for ids in person.contacts.values())
        texts = [
            r[0]
            for r in con.execute(
                "select distinct text_redacted from raw.contacts "
                "where caller_pseudonym in (select unnest(?))",
                [list(person.pseudonyms)],
            ).fetchall()
        ]
        weeks = _weeks(con, settings, person)
        report.weeks_to_republish = [w.isoformat() for w in weeks]
        files = _files_with_rows(con, settings, person, report)
        report.file_rows_removed = sum(len(f.rows) for f in files)
        report.files_rewritten = len(files)
        con.begin()
        try:
            for found in files:
                pairs = [(found.file_id, n) for n in sorted(found.rows)]
                for fid, number in pairs:
                    report.rejected_rows += count(
                        con,
                        "select count(*) from raw.rejected_rows "
                        "where ingest_file_id = ? and source_row_number = ?",
                        [fid, number],
                    )
                    if not dry_run:
                        con.execute(
                            "delete from raw.rejected_rows "
                            "where ingest_file_id = ? and source_row_number = ?",
                            [fid, number],
                        )
            report.rows_deleted, report.phrasings_removed = erase_rows(con, person, texts, dry_run)
            if not dry_run:
                for found in files:
                    new_path = _stage(found)
                    staged.append((new_path, found.path))
                    new_id = _sha256(new_path)
                    _reid_file(con, found.file_id, new_id, len(found.rows))
                now = datetime.now(UTC)
                for week in weeks:
                    con.execute(
                        "insert into ops.republish_requests values (?, ?, ?)",
                        [week, now, "erasure"],
                    )
            report.published_rows_removed = clean_published(settings, person, texts, dry_run)
            audit.record(
                con,
                "erasure",
                "dry run" if dry_run else ("erased" if report.total else "nothing found"),
                {k: v for k, v in asdict(report).items() if k != "files_not_checked"}
                | {"files_not_checked": len(report.files_not_checked)},
                audit.current_actor(settings),
            )
            con.commit()
        except BaseException:
            con.rollback()
            for new_path, _ in staged:
                new_path.unlink(missing_ok=True)
            raise
    for new_path, target in staged:
        os.replace(new_path, target)
    log.info("erasure: %s", report.describe().replace("\n", "; "))
    return report


def _stage(found: FileRows) -> Path:
    """The file without the person's rows, written beside it under a temporary name."""
    data = content_without(found)
    fd, name = tempfile.mkstemp(
        prefix=f".{found.path.name}.", suffix=".erasing", dir=found.path.parent
    )
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(name)


def _sha256(path: Path) -> str:
    from pipelines.ingest.files import file_id

    return file_id(path)
