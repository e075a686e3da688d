"""The pipeline's weekly discovery step: cluster each week's unclassified contacts, track themes.

For every ISO week (Monday, Europe/London: ``staging.stg_raw__contacts.week_start``) not yet
processed, in order, the step clusters that week's contacts that the topic model left
``unclassified`` (:func:`pipelines.discovery.cluster.discover`), with the unclassified contacts
of the ``CONTEXT_WEEKS`` weeks before as context, up to ``CONTEXT_FILLS_TO`` texts in all (a
seeded sample; clustered alongside, never assigned: a theme with a few contacts a week still
forms and less is left as noise, docs/discovery.md), and
matches each cluster to the themes seen in the ``LOOKBACK_WEEKS`` weeks before, by the cosine
similarity of their word profiles (greedy, most similar pair first, at least
``MATCH_SIMILARITY``). A matched cluster keeps the theme's id; an unmatched one gets the next
id (``E0001``, ``E0002``...). Ids are never reused, so a theme keeps its id from week to week.

Tables (DDL in ``pipelines/warehouse.py``):

- ``ml.discovery_weeks``: one row per processed week (texts clustered, clusters, noise).
- ``ml.discovery_cluster_weeks``: one row per (week, theme): size, label, cohesion, profile
  (JSON word weights, for matching) and up to five representative redacted texts (on one line
  each, joined by `` | ``, only from contacts without vulnerability markers).
- ``ml.discovery_assignments``: each clustered contact's theme (promotion reads it).

Past weeks are kept as they were found (a retrain later does not rewrite history). The latest
processed week is redone when its number of unclassified contacts has changed (a partial week
that has since filled up); ``rebuild=True`` redoes every week.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import polars as pl
from duckdb import DuckDBPyConnection

from pipelines.contract import UNCLASSIFIED
from pipelines.discovery.cluster import Cluster, discover, profile_similarity
from pipelines.settings import Settings
from pipelines.topics import (
    STAGED_CONTACTS_TABLE,
    NoModelError,
    TrainedModel,
    current_model_dir,
    load_model,
)
from pipelines.warehouse import fetch_frame, open_warehouse

log = logging.getLogger(__name__)

MATCH_SIMILARITY = 0.5
LOOKBACK_WEEKS = 8
CONTEXT_WEEKS = 2
CONTEXT_FILLS_TO = 2_000
ID_PREFIX = "E"
PHRASING_SEPARATOR = " | "


@dataclass
class WeeklyDiscoveryReport:
    weeks_processed: list[date]
    clusters: int
    new_themes: int


def _weeks_to_process(
    con: DuckDBPyConnection, rebuild: bool, up_to: date | None = None
) -> list[date]:
    """Weeks with unclassified text that need (re)processing, oldest first, none after ``up_to``."""
    counts = fetch_frame(
        con,
        f"""
        select contacts.week_start, count(*) as texts
        from {STAGED_CONTACTS_TABLE} as contacts
        inner join ml.contact_topics as topics
            on contacts.source_system = topics.source_system
            and contacts.contact_id = topics.contact_id
        where topics.topic_id = ? and contacts.text_redacted is not null
        group by contacts.week_start
        order by contacts.week_start
        """,
        [UNCLASSIFIED],
    )
    by_week = {
        week: texts
        for week, texts in zip(counts["week_start"], counts["texts"], strict=True)
        if up_to is None or week <= up_to
    }
    done = fetch_frame(con, "select week_start, texts from ml.discovery_weeks order by week_start")
    if rebuild or done.height == 0:
        return sorted(by_week)
    last_week, last_texts = done.row(-1)
    todo = [week for week in sorted(by_week) if week > last_week]
    if by_week.get(last_week, 0) != last_texts:
        todo.insert(0, last_week)
    return todo


def _texts_of_weeks(con: DuckDBPyConnection, weeks: list[date]) -> pl.DataFrame:
    """The weeks' contacts with text, whether unclassified, in one query (not one per week)."""
    return fetch_frame(
        con,
        f"""
        select contacts.week_start, contacts.source_system, contacts.contact_id,
               contacts.text_redacted, contacts.is_vulnerable,
               topics.topic_id = ? as is_unclassified
        from {STAGED_CONTACTS_TABLE} as contacts
        inner join ml.contact_topics as topics
            on contacts.source_system = topics.source_system
            and contacts.contact_id = topics.contact_id
        where contacts.text_redacted is not null and list_contains(?, contacts.week_start)
        order by contacts.source_system, contacts.contact_id
        """,
        [UNCLASSIFIED, weeks],
    )


def _known_themes(con: DuckDBPyConnection, week: date) -> list[tuple[str, dict[str, float]]]:
    """(cluster id, latest profile) of themes seen in the lookback window before ``week``."""
    rows = fetch_frame(
        con,
        """
        select cluster_id, profile from (
            select cluster_id, profile,
                   row_number() over (partition by cluster_id order by week_start desc) as latest
            from ml.discovery_cluster_weeks
            where week_start < ? and week_start >= ?
        ) where latest = 1 order by cluster_id
        """,
        [week, week - timedelta(weeks=LOOKBACK_WEEKS)],
    )
    return [(cid, json.loads(profile)) for cid, profile in rows.iter_rows()]


def match_clusters(
    clusters: list[Cluster], known: list[tuple[str, dict[str, float]]], next_number: int
) -> tuple[dict[int, str], int]:
    """Theme id for each cluster: matched greedily by profile similarity, else a new id.

    Returns ``({cluster_id: theme_id}, next unused number)``.
    """
    pairs = sorted(
        (
            (-profile_similarity(cluster.profile, profile), cluster.cluster_id, theme)
            for cluster in clusters
            for theme, profile in known
        ),
    )
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for negative, cluster_id, theme in pairs:
        if -negative < MATCH_SIMILARITY:
            break
        if cluster_id in ids or theme in taken:
            continue
        ids[cluster_id] = theme
        taken.add(theme)
    for cluster in clusters:  # in cluster order (largest first): deterministic numbering
        if cluster.cluster_id not in ids:
            ids[cluster.cluster_id] = f"{ID_PREFIX}{next_number:04d}"
            next_number += 1
    return ids, next_number


def _next_number(con: DuckDBPyConnection) -> int:
    rows = con.execute(
        "select max(cast(substr(cluster_id, ?) as integer)) from ml.discovery_cluster_weeks",
        [len(ID_PREFIX) + 1],
    ).fetchall()
    return int(rows[0][0] or 0) + 1


def _model(settings: Settings) -> TrainedModel | None:
    try:
        return load_model(current_model_dir(settings))
    except NoModelError:
        return None


def _week_inputs(
    texts: pl.DataFrame, week: date, seed: int
) -> tuple[pl.DataFrame, pl.Series, pl.Series]:
    """(the week's unclassified contacts, its other texts, the sampled weeks before)."""
    in_week = texts.filter(pl.col("week_start") == week)
    contacts = in_week.filter(pl.col("is_unclassified"))
    # the week's other texts: to recognise boilerplate lines
    background = in_week.filter(~pl.col("is_unclassified")).get_column("text_redacted")
    # the weeks before: clustered alongside, so a theme thin in one week still forms
    # up to CONTEXT_FILLS_TO texts in all: a busy week has density enough, and time grows fast
    context = texts.filter(
        pl.col("is_unclassified")
        & pl.col("week_start").is_between(week - timedelta(weeks=CONTEXT_WEEKS), week, "left")
    ).get_column("text_redacted")
    room = max(0, CONTEXT_FILLS_TO - contacts.height)
    if context.len() > room:
        context = context.sample(room, seed=seed)
    return contacts, background, context


def _insert_clusters(
    con: DuckDBPyConnection, week: date, clusters: list[Cluster], ids: dict[int, str]
) -> None:
    """Write the week's clusters, under their theme ids, to ``ml.discovery_cluster_weeks``."""
    cluster_rows = [
        (
            week,
            ids[c.cluster_id],
            c.size,
            c.label,
            c.cohesion,
            json.dumps(c.profile, sort_keys=True),
            PHRASING_SEPARATOR.join(" ".join(text.split()) for text in c.representatives),
        )
        for c in clusters
    ]
    if cluster_rows:
        con.executemany(
            "insert into ml.discovery_cluster_weeks values (?, ?, ?, ?, ?, ?, ?)", cluster_rows
        )


def _insert_assignments(
    con: DuckDBPyConnection,
    week: date,
    contacts: pl.DataFrame,
    assignments: list[int | None],
    ids: dict[int, str],
) -> None:
    """Write each clustered contact's theme to ``ml.discovery_assignments``."""
    keys = contacts.select("source_system", "contact_id").with_columns(
        pl.Series("cluster", assignments, dtype=pl.Int64)
    )
    assigned = keys.drop_nulls("cluster").with_columns(
        pl.lit(week).alias("week_start"),
        pl.col("cluster").replace_strict(ids, return_dtype=pl.Utf8).alias("cluster_id"),
    )
    if assigned.height:
        con.register("new_assignments", assigned.drop("cluster").to_arrow())
        # a corrected contact can move to a later week: its earlier assignment goes
        con.execute(
            """
            delete from ml.discovery_assignments as old
            using new_assignments as new
            where old.source_system = new.source_system and old.contact_id = new.contact_id
            """
        ).fetchall()
        con.execute(
            "insert into ml.discovery_assignments by name select * from new_assignments"
        ).fetchall()
        con.unregister("new_assignments")


def _process_week(
    con: DuckDBPyConnection,
    week: date,
    texts: pl.DataFrame,
    model: TrainedModel | None,
    min_cluster_size: int,
    seed: int,
) -> tuple[int, int]:
    """Cluster one week, match, and rewrite that week's rows. Returns (clusters, new themes)."""
    contacts, background, context = _week_inputs(texts, week, seed)
    result = discover(
        contacts.get_column("text_redacted").to_list(),
        min_cluster_size=min_cluster_size,
        seed=seed,
        model=model,
        representable=[not flag for flag in contacts.get_column("is_vulnerable").to_list()],
        background=background.to_list(),
        context=context.to_list(),
    )
    con.begin()
    for table in ("discovery_cluster_weeks", "discovery_assignments", "discovery_weeks"):
        con.execute(f"delete from ml.{table} where week_start >= ?", [week]).fetchall()
    first_new = _next_number(con)
    ids, _ = match_clusters(result.clusters, _known_themes(con, week), first_new)
    _insert_clusters(con, week, result.clusters, ids)
    _insert_assignments(con, week, contacts, result.assignments, ids)
    noise = sum(1 for a in result.assignments if a is None)
    con.execute(
        "insert into ml.discovery_weeks values (?, ?, ?, ?, ?, ?)",
        [
            week,
            contacts.height,
            len(result.clusters),
            noise,
            model.version if model else None,
            datetime.now(UTC),
        ],
    ).fetchall()
    con.commit()
    new = sum(1 for theme in ids.values() if int(theme[len(ID_PREFIX) :]) >= first_new)
    log.info(
        "discovery week %s: %d unclassified texts, %d clusters (%d new), %d noise",
        week,
        contacts.height,
        len(result.clusters),
        new,
        noise,
    )
    return len(result.clusters), new


def discover_weekly(
    settings: Settings,
    *,
    min_cluster_size: int | None = None,
    seed: int = 0,
    rebuild: bool = False,
    up_to: date | None = None,
) -> WeeklyDiscoveryReport:
    """Process every week that needs it (see the module docstring), oldest first.

    ``up_to`` (a week's Monday) is the last week processed: a scheduled run works on its own
    week and the weeks before it that were never processed, never on later data.
    ``min_cluster_size`` defaults to ``settings.discovery_min_cluster_size``.
    """
    min_cluster_size = min_cluster_size or settings.discovery_min_cluster_size
    model = _model(settings)
    report = WeeklyDiscoveryReport([], 0, 0)
    with open_warehouse(settings.warehouse_path) as con:
        weeks = _weeks_to_process(con, rebuild, up_to)
        with_context = {w - timedelta(weeks=b) for w in weeks for b in range(CONTEXT_WEEKS + 1)}
        texts = _texts_of_weeks(con, sorted(with_context))
        for week in weeks:
            clusters, new = _process_week(con, week, texts, model, min_cluster_size, seed)
            report.weeks_processed.append(week)
            report.clusters += clusters
            report.new_themes += new
    if not weeks:
        log.info("discovery: no week needs processing")
    return report
