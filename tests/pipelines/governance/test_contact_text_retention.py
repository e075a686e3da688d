"""Retention removes old contacts' text and pseudonyms and the published weeks stay the same.

On a copy of the demo work directory (real ingest, classification, dbt build and publish of
three generated weeks, 2026-03-02 to 2026-03-22), the contact-text period is set so that its
cutoff falls on Thursday 2026-03-12: every contact before it loses its redacted text and
caller pseudonym (decision 0019). Then the pipeline's own steps run again (classify every
contact, dbt build, publish) and every published table's rows for the weeks are compared with
those before; and every text column of every table in the warehouse is searched for the old
contacts' texts and pseudonyms.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipelines.governance.contact_text import (
    LABEL_REMOVED,
    MIN_CONTACT_TEXT_DAYS,
    personal_tables,
)
from pipelines.governance.retention import apply_retention
from pipelines.settings import Settings, SettingsError
from pipelines.steps import build_marts, publish_week
from pipelines.topics import import_reviews
from pipelines.topics.step import classify_contacts
from pipelines.warehouse import fetch_frame, open_warehouse

CUTOFF = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
NOW = CUTOFF + timedelta(days=MIN_CONTACT_TEXT_DAYS)
# the automation window is the 13 weeks up to the data's last complete week: in a deployment
# that lies after the cutoff (the period is at least 98 days), here it holds the old weeks, so
# its figures from the text (repeated wording, the score and rank made with it, the rationale
# that quotes them, phrasings) are left out of the comparison; its counts, avoidable contacts,
# handle times, resolution and costs are compared
WINDOW_TEXT_COLUMNS = {"repetitiveness_score", "automation_score", "candidate_rank", "rationale",
                       "representative_phrasings"}  # fmt: skip
PUBLISHED = {
    "topic_weekly_trends": "week_start, topic_id, channel",
    "fct_contacts": "contact_key",
    "dim_topics": "topic_id",
    "emerging_topics": "week_start, cluster_id",
    "automation_candidates": "topic_id",
}


def _settings(demo_copy: Settings) -> Settings:
    return replace(
        demo_copy,
        retention_contact_text_days=MIN_CONTACT_TEXT_DAYS,
        retention_landing_days=3650,
        retention_archive_days=3650,
        retention_superseded_days=3650,
        retention_rejects_days=3650,
        retention_validation_days=3650,
        retention_models_days=3650,
        retention_week_folders_days=3650,
    )


def _published(settings: Settings) -> dict[str, pl.DataFrame]:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return {
            table: fetch_frame(con, f"select * from published.{table} order by {order}")
            for table, order in PUBLISHED.items()
        }


def _values(settings: Settings) -> tuple[set[str], set[str], set[str]]:
    """Texts and pseudonyms of contacts before the cutoff that no later contact has, and the
    texts of the later contacts."""
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        contacts = fetch_frame(
            con,
            "select started_at < ? as is_old, text_redacted, caller_pseudonym from raw.contacts",
            [CUTOFF],
        )
    old = contacts.filter(pl.col("is_old"))
    new = contacts.filter(~pl.col("is_old"))
    values = []
    for column in ("text_redacted", "caller_pseudonym"):
        kept = set(new.get_column(column).drop_nulls().to_list())
        values.append(set(old.get_column(column).drop_nulls().to_list()) - kept)
    return values[0], values[1], set(new.get_column("text_redacted").drop_nulls().to_list())


def _text_cells(settings: Settings) -> dict[str, list[str]]:
    """Every text column of every base table: {'schema.table.column': values}."""
    cells: dict[str, list[str]] = {}
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        columns = con.execute(
            """
            select c.table_schema, c.table_name, c.column_name
            from information_schema.columns as c
            join information_schema.tables as t using (table_catalog, table_schema, table_name)
            where t.table_type = 'BASE TABLE' and t.table_catalog = current_database()
              and c.data_type in ('VARCHAR', 'JSON')
            """
        ).fetchall()
        for schema, table, column in columns:
            rows = con.execute(
                f'select cast("{column}" as varchar) from {schema}.{table} '
                f'where "{column}" is not null'
            ).fetchall()
            cells[f"{schema}.{table}.{column}"] = [r[0] for r in rows]
    return cells


def _plant_themes(settings: Settings) -> None:
    """Discovery found no theme in the three small demo weeks: give the first and the last week
    one each, with representative texts of their own contacts, as discovery writes them."""
    with open_warehouse(settings.warehouse_path) as con:
        for week in ("2026-03-02", "2026-03-16"):
            texts = [
                r[0]
                for r in con.execute(
                    "select text_redacted from staging.stg_raw__contacts where week_start = ? "
                    "and length(text_redacted) > 60 order by contact_key limit 3",
                    [week],
                ).fetchall()
            ]
            con.execute(
                "insert into ml.discovery_cluster_weeks values (?, 'E0001', 12, 'bins / lorry', "
                "0.4, '{\"bin\": 0.5}', ?)",
                [week, " | ".join(t.replace("\n", " ") for t in texts)],
            )
    build_marts(settings)


@pytest.mark.slow
def test_old_text_and_pseudonyms_go_and_published_weeks_stay(demo_copy: Settings) -> None:
    settings = _settings(demo_copy)
    _plant_themes(settings)
    before = _published(settings)
    old_texts, old_pseudonyms, new_texts = _values(settings)
    assert len(old_texts) > 200 and len(old_pseudonyms) > 100
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        old_contacts = con.execute(
            "select count(*) from staging.stg_raw__contacts where started_at < ?", [CUTOFF]
        ).fetchall()[0][0]
        # a repeat contact just after the cutoff whose earlier contact is before it: the
        # margin's reason (its flag needs the earlier contact's pseudonym)
        across = con.execute(
            """
            select count(*) from intermediate.int_contacts_enriched as later
            join intermediate.int_contacts_enriched as earlier
              on later.caller_pseudonym = earlier.caller_pseudonym
            where later.started_at >= ? and earlier.started_at < ? and later.is_repeat_contact
              and earlier.started_at >= later.started_at - interval 7 day
            """,
            [CUTOFF, CUTOFF],
        ).fetchall()[0][0]
    assert across > 0

    dry = apply_retention(settings, dry_run=True, now=NOW)
    assert dry.contact_texts_removed == old_contacts > 0
    assert _values(settings)[:2] == (old_texts, old_pseudonyms)  # a dry run changes nothing

    report = apply_retention(settings, now=NOW)
    assert report.contact_texts_removed == old_contacts
    assert report.contact_flags_frozen > old_contacts  # the margin's contacts too
    assert report.contact_text_rows["raw.contacts"] >= old_contacts
    assert report.discovery_weeks_cleared >= 1  # the week of 2026-03-02 ended before the cutoff
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        left = con.execute(
            "select count(*) from raw.contacts where started_at < ? "
            "and (text_redacted is not null or caller_pseudonym is not null)",
            [CUTOFF],
        ).fetchall()[0][0]
        audit = con.execute(
            "select details from ops.audit_log where action = 'retention' "
            "order by audit_id desc limit 1"
        ).fetchall()[0][0]
    assert left == 0
    assert f'"contact_texts_removed":{old_contacts}' in audit.replace(" ", "")

    # the weekly run's own steps: classify (every contact), dbt build, publish
    classify_contacts(settings, reclassify_all=True)
    build_marts(settings)
    publish_week(settings)
    after = _published(settings)
    for table, frame in before.items():
        columns = [c for c in frame.columns if table != "automation_candidates"
                   or c not in WINDOW_TEXT_COLUMNS]  # fmt: skip
        if table == "emerging_topics":  # old weeks' words are gone; every figure stays
            columns.remove("representative_phrasings")
            columns.remove("label")
        assert after[table].height == frame.height > 0, table
        assert after[table].select(columns).equals(frame.select(columns)), table
    phrasings = [
        dict(frame["emerging_topics"].select("week_start", "representative_phrasings").rows())
        for frame in (before, after)
    ]
    assert phrasings[0][date(2026, 3, 2)] != "" == phrasings[1][date(2026, 3, 2)]  # ended before
    assert phrasings[0][date(2026, 3, 16)] == phrasings[1][date(2026, 3, 16)] != ""
    labels = [dict(frame["emerging_topics"].select("week_start", "label").rows())
              for frame in (before, after)]  # fmt: skip
    assert labels[0][date(2026, 3, 2)] == "bins / lorry" and labels[1][date(2026, 3, 2)] == (
        LABEL_REMOVED
    )
    assert labels[0][date(2026, 3, 16)] == labels[1][date(2026, 3, 16)] == "bins / lorry"

    # no old text or pseudonym is left in any text column of any table
    found = []
    later = [" ".join(text.split()) for text in new_texts]  # phrasings have one-line spacing
    everything_later = "\n".join(later)
    long_texts = [  # old texts long enough to be someone's, and not also in a later text
        text
        for text in (" ".join(t.split()) for t in old_texts)
        if len(text) > 40 and text not in everything_later
    ]
    for where, values in _text_cells(settings).items():
        for value in values:
            if value in old_pseudonyms or value in old_texts:
                found.append((where, value[:40]))
                continue
            for part in value.split(" | "):  # phrasings: texts joined, each cut at 160
                part = " ".join(part.removesuffix("…").split())
                if any(text.startswith(part) for text in later):
                    continue  # a later contact's text (it may repeat an older one's words)
                if any(text in part for text in long_texts):
                    found.append((where, part[:40]))
    assert found == []
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        assert "raw.contacts" in personal_tables(con)


def test_contact_text_period_below_the_minimum_is_refused(demo_copy: Settings) -> None:
    settings = replace(demo_copy, retention_contact_text_days=MIN_CONTACT_TEXT_DAYS - 1)
    with pytest.raises(SettingsError, match="CONTACT_TEXT_DAYS=97: must be at least 98"):
        apply_retention(settings, now=NOW)


def test_reviewer_notes_and_theme_labels_go_with_the_text(
    demo_copy: Settings, tmp_path: Path
) -> None:
    """Free text that is not the contact's own (decision 0020): a reviewer's note on an old
    contact and the label of a discovery week that ended before the cutoff are removed with the
    text; the reviewed topic, its history and the theme's figures stay; later ones are kept."""
    settings = _settings(demo_copy)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        old, new = (
            con.execute(
                "select contact_id from staging.stg_raw__contacts where source_system = "
                f"'telephony' and started_at {op} ? order by contact_id limit 1",
                [CUTOFF],
            ).fetchall()[0][0]
            for op in ("<", ">=")
        )
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "source_system,contact_id,topic_id,reviewed_by,note\n"
        f"telephony,{old},fly_tipping,sam,caller said her name is Ada Quint\n"
        f"telephony,{new},bulky_waste,sam,later note kept\n"
    )
    import_reviews(settings, reviews)
    with open_warehouse(settings.warehouse_path) as con:
        for week, label in (("2026-03-02", "old theme words"), ("2026-03-16", "new theme words")):
            con.execute(
                "insert into ml.discovery_cluster_weeks values (?, 'E0009', 12, ?, 0.4, "
                "'{\"bin\": 0.5}', 'a representative text')",
                [week, label],
            )

    report = apply_retention(settings, now=NOW)
    assert report.contact_text_rows["ml.reviewed_topics"] == 1
    assert report.contact_text_rows["ml.reviewed_topics_history"] == 1
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        notes = {
            r[0]: r[1:]
            for r in con.execute(
                "select contact_id, topic_id, reviewed_by, note from ml.reviewed_topics"
            ).fetchall()
        }
        history = dict(
            con.execute("select contact_id, note from ml.reviewed_topics_history").fetchall()
        )
        themes = {
            r[0]: r[1:]
            for r in con.execute(
                "select cast(week_start as varchar), label, contacts, cohesion, "
                "representative_texts from ml.discovery_cluster_weeks where cluster_id = 'E0009'"
            ).fetchall()
        }
    assert notes == {
        old: ("fly_tipping", "sam", None),
        new: ("bulky_waste", "sam", "later note kept"),
    }
    assert history == {old: None, new: "later note kept"}
    assert themes == {
        "2026-03-02": (LABEL_REMOVED, 12, 0.4, ""),
        "2026-03-16": ("new theme words", 12, 0.4, "a representative text"),
    }
    # a second run finds nothing left to remove
    again = apply_retention(settings, dry_run=True, now=NOW)
    assert again.contact_texts_removed == 0 and again.discovery_weeks_cleared == 0
