"""Promote a discovered theme into the taxonomy, so the next retrain learns it.

``promote_cluster`` (``contact-topics taxonomy promote CLUSTER_ID --name ... --topic-id ...``):

1. appends the topic to the deployment's taxonomy file (``CONTACT_TOPICS_TAXONOMY_FILE`` or
   ``--taxonomy-file``; the packaged taxonomy is never edited) with its provenance:
   ``promoted_from`` (the cluster id), ``promoted_by`` and ``promoted_at`` (UTC), and the
   cluster's representative phrasings as ``examples``; existing topics are left as they are;
2. reloads ``raw.topics`` from that file;
3. labels every contact discovery put in the cluster (``ml.discovery_assignments``, all weeks)
   with the new topic in ``ml.reviewed_topics``, the table of analysts' labels that training
   reads (``pipelines.topics.step.labelled_contacts``). A contact that already has a reviewed
   label keeps it.

After the next retrain (``contact-topics train``) the model knows the topic, and the
classification step gives those contacts (and new ones like them) the new topic id.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from duckdb import DuckDBPyConnection

from pipelines.discovery.weekly import PHRASING_SEPARATOR
from pipelines.settings import Settings
from pipelines.taxonomy import DEFAULT_TAXONOMY_PATH, Topic, append_topic, load_taxonomy_tables
from pipelines.warehouse import fetch_frame, open_warehouse

log = logging.getLogger(__name__)


class PromotionError(ValueError):
    """The cluster cannot be promoted; the message says why and what to do."""


@dataclass
class PromotionResult:
    topic: Topic
    taxonomy_file: Path
    contacts_labelled: int
    contacts_already_reviewed: int


def _target_file(settings: Settings, taxonomy_file: Path | None) -> Path:
    target = taxonomy_file or settings.taxonomy_file
    if target is None or Path(target).resolve() == DEFAULT_TAXONOMY_PATH:
        raise PromotionError(
            "promotion edits your deployment's own taxonomy file, never the packaged one: copy "
            f"{DEFAULT_TAXONOMY_PATH} somewhere you keep under version control, point "
            "CONTACT_TOPICS_TAXONOMY_FILE at it (or pass --taxonomy-file) and run again"
        )
    return Path(target)


def _latest_cluster(settings: Settings, cluster_id: str) -> tuple[str, str]:
    """(label, joined representative texts) of the cluster's latest week; raises if unknown."""
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        latest = fetch_frame(
            con,
            """
            select label, representative_texts from ml.discovery_cluster_weeks
            where cluster_id = ? order by week_start desc limit 1
            """,
            [cluster_id],
        )
    if latest.height == 0:
        raise PromotionError(
            f"no discovered cluster {cluster_id!r} in {settings.warehouse_path} "
            "(see published.emerging_topics for the cluster ids)"
        )
    label, phrasings = latest.row(0)
    return label, phrasings


def _label_members(
    con: DuckDBPyConnection, cluster_id: str, topic_id: str, promoted_by: str | None
) -> tuple[int, int]:
    """Label the cluster's unreviewed contacts with the topic; (labelled, already reviewed)."""
    counts = con.execute(
        """
        select count(*) filter (where reviews.contact_id is null),
               count(*) filter (where reviews.contact_id is not null)
        from ml.discovery_assignments as assigned
        left join ml.reviewed_topics as reviews
            on assigned.source_system = reviews.source_system
            and assigned.contact_id = reviews.contact_id
        where assigned.cluster_id = ?
        """,
        [cluster_id],
    ).fetchall()[0]
    now, source_file = datetime.now(UTC), f"taxonomy promote {cluster_id}"
    con.execute(
        """
        insert into ml.reviewed_topics
            (source_system, contact_id, topic_id, reviewed_by, note, reviewed_at, source_file)
        select assigned.source_system, assigned.contact_id, ?, ?, ?, ?, ?
        from ml.discovery_assignments as assigned
        left join ml.reviewed_topics as reviews
            on assigned.source_system = reviews.source_system
            and assigned.contact_id = reviews.contact_id
        where assigned.cluster_id = ? and reviews.contact_id is null
        """,
        [
            topic_id,
            promoted_by,
            f"promoted from discovered cluster {cluster_id}",
            now,
            source_file,
            cluster_id,
        ],
    ).fetchall()
    con.execute(  # the history of reviewed labels keeps these too (docs/governance.md)
        "insert into ml.reviewed_topics_history by name select * from ml.reviewed_topics "
        "where source_file = ? and reviewed_at = ?",
        [source_file, now],
    )
    return counts[0], counts[1]


def promote_cluster(
    settings: Settings,
    cluster_id: str,
    *,
    topic_id: str,
    name: str,
    service_area: str = "Emerging topics",
    description: str | None = None,
    promoted_by: str | None = None,
    taxonomy_file: Path | None = None,
) -> PromotionResult:
    """Add discovered theme ``cluster_id`` to the taxonomy as ``topic_id`` (see module doc)."""
    target = _target_file(settings, taxonomy_file)
    label, phrasings = _latest_cluster(settings, cluster_id)
    topic = Topic(
        id=topic_id,
        name=name,
        service_area=service_area,
        lgsl=None,
        description=description or f"Promoted from discovered cluster {cluster_id} ({label}).",
        safeguarding=False,
        examples=tuple(p for p in phrasings.split(PHRASING_SEPARATOR) if p.strip()),
        promoted_from=cluster_id,
        promoted_by=promoted_by or getpass.getuser(),
        promoted_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
    taxonomy = append_topic(target, topic)
    with open_warehouse(settings.warehouse_path) as con:
        load_taxonomy_tables(con, taxonomy)
        labelled, already_reviewed = _label_members(con, cluster_id, topic_id, topic.promoted_by)
        from pipelines.governance.audit import record  # docs/governance.md

        record(
            con,
            "taxonomy_promoted",
            topic_id,
            {"cluster_id": cluster_id, "taxonomy_file": str(target), "labelled": int(labelled)},
            topic.promoted_by,
        )
    log.info(
        "promoted cluster %s to topic %s in %s: %d contacts labelled for training",
        cluster_id,
        topic_id,
        target,
        labelled,
    )
    return PromotionResult(topic, target, int(labelled), int(already_reviewed))
