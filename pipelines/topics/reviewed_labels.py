"""Reviewed labels: an analyst's correction of a contact's topic.

``ml.reviewed_topics`` holds one row per (``source_system``, ``contact_id``): the topic an
analyst says is right. Corrections come from a CSV file (``contact-topics import-reviews``) with
the columns ``source_system``, ``contact_id``, ``topic_id`` and optionally ``reviewed_by`` and
``note``; a later import of the same contact replaces its earlier correction there, and every
import's rows are also appended to ``ml.reviewed_topics_history`` (none is lost) and counted in
``ops.audit_log``. Predictions never
touch this table. Training uses a correction in place of the wrap-up code's topic, and the
classification step gives a reviewed contact its reviewed topic.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.contract import UNCLASSIFIED
from pipelines.governance import audit
from pipelines.settings import Settings
from pipelines.taxonomy import load_taxonomy
from pipelines.topics.training_files import LabelledFileError, check_utf8
from pipelines.warehouse import open_warehouse

log = logging.getLogger(__name__)
REQUIRED = ("source_system", "contact_id", "topic_id")
OPTIONAL = ("reviewed_by", "note")
MAX_LISTED_ERRORS = 10


def _read(path: Path) -> pl.DataFrame:
    if path.suffix.lower() != ".csv":
        raise LabelledFileError(f"{path}: reviewed labels must be a .csv file")
    if not path.is_file():
        raise LabelledFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise LabelledFileError(f"{path}: the file is empty")
    check_utf8(path)
    frame = pl.read_csv(path, infer_schema=False)
    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        raise LabelledFileError(
            f"{path}: no column {', '.join(missing)}; expected {', '.join(REQUIRED)} "
            f"(and optionally {', '.join(OPTIONAL)})"
        )
    for column in OPTIONAL:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    return frame.select(*(pl.col(c).str.strip_chars() for c in REQUIRED + OPTIONAL)).with_row_index(
        "row", offset=1
    )


def import_reviews(settings: Settings, path: Path) -> int:
    """Load corrections from a CSV file into ``ml.reviewed_topics``; returns the rows stored.

    All or nothing: any row with an empty key, or a topic that is not in the taxonomy
    (``CONTACT_TOPICS_TAXONOMY_FILE`` or the packaged one), stops the import with the rows
    listed (file, row, column, value).
    """
    path = Path(path)
    frame = _read(path)
    if frame.height == 0:
        raise LabelledFileError(f"{path}: the file has a header but no rows")
    known = {topic.id for topic in load_taxonomy(settings.taxonomy_file).topics}
    errors: list[str] = []
    for record in frame.iter_rows(named=True):
        for column in REQUIRED:
            if not record[column]:
                errors.append(f"row {record['row']}, column {column}: empty")
        topic = record["topic_id"]
        if topic and (topic not in known or topic == UNCLASSIFIED):
            errors.append(
                f"row {record['row']}, column topic_id: {topic!r} is not a topic in the taxonomy"
            )
    if errors:
        shown = "; ".join(errors[:MAX_LISTED_ERRORS])
        more = f" (and {len(errors) - MAX_LISTED_ERRORS} more)" if len(errors) > 10 else ""
        raise LabelledFileError(f"{path}: nothing imported: {shown}{more}")
    latest = frame.unique(["source_system", "contact_id"], keep="last", maintain_order=True)
    rows = latest.drop("row").with_columns(
        pl.lit(datetime.now(UTC)).alias("reviewed_at"), pl.lit(str(path)).alias("source_file")
    )
    with open_warehouse(settings.warehouse_path) as con:
        con.begin()
        con.register("new_reviews", rows.to_arrow())
        con.execute("""
            delete from ml.reviewed_topics as old using new_reviews
            where old.source_system = new_reviews.source_system
              and old.contact_id = new_reviews.contact_id
        """)
        con.execute("insert into ml.reviewed_topics by name select * from new_reviews")
        # every correction is kept (the latest wins above) and the import is audited
        con.execute("insert into ml.reviewed_topics_history by name select * from new_reviews")
        replaced = con.execute(
            "select count(*) from ml.reviewed_topics_history as h join new_reviews as n "
            "using (source_system, contact_id) where h.reviewed_at < n.reviewed_at"
        ).fetchone()
        audit.record(
            con,
            "reviewed_labels_imported",
            path.name,
            {
                "rows_in_file": frame.height,
                "contacts": rows.height,
                "earlier_corrections_superseded": int(replaced[0]) if replaced else 0,
                "topics": sorted(set(rows.get_column("topic_id").to_list())),
            },
            audit.current_actor(settings),
        )
        con.unregister("new_reviews")
        con.commit()
    log.info("imported %d reviewed label(s) from %s", rows.height, path)
    return rows.height
