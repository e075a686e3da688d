"""Retention of a stored contact's redacted text and caller pseudonym (decision 0019).

Called by :func:`pipelines.governance.retention.apply_retention` for the ``contact_text``
period (``CONTACT_TOPICS_RETENTION_CONTACT_TEXT_DAYS``, default 365, at least
:data:`MIN_CONTACT_TEXT_DAYS`). For contacts that started before ``now - period`` (the cutoff):

1. **Freeze the flags.** The marts derive four flags from the pseudonym and the text
   (``int_contacts_enriched``: ``is_repeat_contact``, ``has_repeat_within_7_days``,
   ``is_same_topic_repeat``, ``has_failure_wording``). Before anything is removed, the flags
   the last dbt build computed are copied to ``raw.contact_flags_frozen`` (no text, no
   pseudonym) for every contact that started before ``cutoff + margin``, where the margin is
   the longest look-back of those flags (7 days, or the dbt var ``avoidable_repeat_days`` if
   longer): a contact just after the cutoff may be a repeat of one just before it, whose
   pseudonym is about to go. ``int_contacts_enriched`` then reads the frozen flags for those
   contacts, so every published week stays the same.
2. **Remove the text and pseudonym** (set to null) in every base table that has
   ``text_redacted`` or ``caller_pseudonym`` with (``source_system``, ``contact_id``), found
   from the catalogue (``raw.contacts``, every version; ``intermediate.int_contacts_enriched``
   until its next build; any table added later), and the reviewers' free-text ``note`` of those
   contacts (``ml.reviewed_topics`` and ``ml.reviewed_topics_history``: a reviewer may have
   typed what the resident said; the reviewed topic, who reviewed and when stay). Decision 0020.
3. **Clear discovery's words** for weeks that ended before the cutoff: the representative texts
   (``''``), the word profile (``'{}'``) and the label (:data:`LABEL_REMOVED`; a label is the
   theme's most distinctive words, taken from its contacts' texts) in
   ``ml.discovery_cluster_weeks``. Theme ids, sizes, cohesion and statuses stay (decision 0020).

Nothing is removed while the last dbt build is out of date for a contact to be frozen (a
contact ingested or changed since): the flags would be wrong. The weekly DAG runs retention
after the build, so this only happens when retention is run by hand after an ingest; the
report says how many contacts wait, and the next run after a build removes them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import yaml

from pipelines.warehouse import base_table_columns, count

log = logging.getLogger(__name__)

MIN_CONTACT_TEXT_DAYS = 98  # the 13-week automation window + 1 week read the text
REPEAT_WINDOW_DAYS = 7  # is_repeat_contact / has_repeat_within_7_days (int_contacts_enriched)
ENRICHED = "intermediate.int_contacts_enriched"
STAGED = "staging.stg_raw__contacts"
FROZEN = "raw.contact_flags_frozen"
FLAGS = ("is_repeat_contact", "has_repeat_within_7_days", "is_same_topic_repeat",
         "has_failure_wording")  # fmt: skip
PERSONAL_COLUMNS = ("text_redacted", "caller_pseudonym")
FREE_TEXT_COLUMNS = ("note",)  # reviewers' notes on a contact (ml.reviewed_topics[_history])
LABEL_REMOVED = "(label removed: text retention period)"
DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"


@dataclass
class ContactTextReport:
    cutoff: datetime
    contacts: int = 0  # contacts whose text and pseudonym are (or would be) removed
    flags_frozen: int = 0
    rows_cleared: dict[str, int] | None = None
    discovery_weeks_cleared: int = 0
    waiting_for_build: int = 0


def flag_margin_days(project_file: Path = DBT_PROJECT) -> int:
    """The longest look-back of the frozen flags, in days."""
    try:
        variables = yaml.safe_load(project_file.read_text(encoding="utf-8")).get("vars", {})
        avoidable = int(variables.get("avoidable_repeat_days", REPEAT_WINDOW_DAYS))
    except (OSError, yaml.YAMLError, ValueError, TypeError, AttributeError):
        avoidable = REPEAT_WINDOW_DAYS
    return max(REPEAT_WINDOW_DAYS, avoidable)


def _exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, name = qualified.split(".")
    rows = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ? and table_catalog = current_database()",
        [schema, name],
    ).fetchall()
    return bool(rows[0][0])


def personal_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Base tables with a text, pseudonym or note column and the contact's key: their columns."""
    columns = base_table_columns(con)
    wanted = PERSONAL_COLUMNS + FREE_TEXT_COLUMNS
    return {
        table: [c for c in wanted if c in names]
        for table, names in sorted(columns.items())
        if {"source_system", "contact_id"} <= names and names & set(wanted)
    }


# contacts to freeze: started before cutoff + margin, flags not frozen yet
_TO_FREEZE = f"""
    select staged.source_system, staged.contact_id, staged.started_at,
           enriched.contact_key is null
               or enriched.updated_at is distinct from staged.updated_at
               or enriched.caller_pseudonym is distinct from staged.caller_pseudonym
               or enriched.text_redacted is distinct from staged.text_redacted as stale
    from {STAGED} as staged
    left join {ENRICHED} as enriched on staged.contact_key = enriched.contact_key
    anti join {FROZEN} as frozen
        on staged.source_system = frozen.source_system
        and staged.contact_id = frozen.contact_id
    where staged.started_at < ?
"""
# contacts that started before the cutoff (those with anything left to clear: _with_values)
_OLD = f"select distinct source_system, contact_id from {STAGED} where started_at < ?"


def _with_values(tables: dict[str, list[str]]) -> str:
    """Keys of ``clear_keys`` with a text, pseudonym or note still stored in any table."""
    parts = [
        f"select source_system, contact_id from {table} join clear_keys "
        f"using (source_system, contact_id) where {' or '.join(f'{c} is not null' for c in cols)}"
        for table, cols in tables.items()
    ]
    return " union ".join(parts) if parts else "select null, null where false"


_OLD_WEEKS = (
    "from ml.discovery_cluster_weeks where week_start + interval 7 day <= cast(? as date) "
    "and (representative_texts <> '' or profile <> '{}' or label <> ?)"
)


def remove_contact_text(
    con: duckdb.DuckDBPyConnection, period_days: int, now: datetime, dry_run: bool
) -> ContactTextReport:
    """Freeze the flags, then remove old contacts' text and pseudonyms (see the module doc).

    Runs inside the caller's transaction; changes nothing when ``dry_run``.
    """
    cutoff = now - timedelta(days=period_days)
    report = ContactTextReport(cutoff=cutoff, rows_cleared={})
    if not (_exists(con, STAGED) and _exists(con, ENRICHED)):
        # no dbt build yet: nothing can be frozen, so nothing is removed
        report.waiting_for_build = count(
            con,
            "select count(distinct (source_system, contact_id)) from raw.contacts "
            "where started_at < ? and (text_redacted is not null or caller_pseudonym is not null)",
            [cutoff],
        )
        return report
    freeze_before = cutoff + timedelta(days=flag_margin_days())
    tables = personal_tables(con)
    con.execute(f"create or replace temp table clear_keys as {_OLD}", [cutoff])
    report.contacts = count(con, f"select count(*) from ({_with_values(tables)})", [])
    report.waiting_for_build = count(
        con, f"select count(*) from ({_TO_FREEZE}) where stale", [freeze_before]
    )
    if report.waiting_for_build:
        log.warning(
            "contact text: %d contact(s) changed since the last dbt build; their flags cannot "
            "be frozen, so no text or pseudonym is removed this run (build the marts first)",
            report.waiting_for_build,
        )
        report.contacts = 0
        con.execute("drop table if exists clear_keys")
        return report
    report.flags_frozen = count(con, f"select count(*) from ({_TO_FREEZE})", [freeze_before])
    report.discovery_weeks_cleared = count(
        con, f"select count(distinct week_start) {_OLD_WEEKS}", [cutoff, LABEL_REMOVED]
    )
    for table, columns in tables.items():
        report.rows_cleared[table] = count(
            con,
            f"select count(*) from {table} join clear_keys using (source_system, contact_id) "
            f"where {' or '.join(f'{c} is not null' for c in columns)}",
            [],
        )
    if not dry_run:
        flags = ", ".join(f"enriched.{flag}" for flag in FLAGS)
        con.execute(
            f"""
            insert into {FROZEN} (source_system, contact_id, started_at, {", ".join(FLAGS)},
                                  frozen_at)
            select todo.source_system, todo.contact_id, todo.started_at, {flags}, ?
            from ({_TO_FREEZE}) as todo
            join {ENRICHED} as enriched
                on enriched.source_system = todo.source_system
                and enriched.contact_id = todo.contact_id
            """,
            [now, freeze_before],
        )
        missing = count(con, f"select count(*) from clear_keys anti join {FROZEN} using "
                              "(source_system, contact_id)", [])  # fmt: skip
        if missing:  # cannot happen after the insert above; never remove unfrozen text
            raise RuntimeError(f"{missing} contact(s) to clear have no frozen flags")
        for table, columns in tables.items():
            assignments = ", ".join(f"{c} = null" for c in columns)
            con.execute(
                f"update {table} set {assignments} from clear_keys "
                f"where {table}.source_system = clear_keys.source_system "
                f"and {table}.contact_id = clear_keys.contact_id"
            )
        con.execute(
            "update ml.discovery_cluster_weeks "
            "set representative_texts = '', profile = '{}', label = ? "
            "where week_start + interval 7 day <= cast(? as date) "
            "and (representative_texts <> '' or profile <> '{}' or label <> ?)",
            [LABEL_REMOVED, cutoff, LABEL_REMOVED],
        )
    con.execute("drop table if exists clear_keys")
    return report
