"""What the running deployment knows about itself, for the transparency record and the cards.

Every figure comes from the work directory: the manifest, the warehouse, the current model's
``model.json``, the taxonomy, the settings. Nothing here is typed in by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.contract import UNCLASSIFIED
from pipelines.governance.audit import has_audit_log
from pipelines.privacy.redact import PLACEHOLDERS
from pipelines.publish.outputs import PUBLISHED_TABLES
from pipelines.settings import RETENTION_DEFAULTS, Settings
from pipelines.taxonomy import load_taxonomy
from pipelines.topics.registry import current_version
from pipelines.warehouse import open_warehouse

MODEL_TYPE = (
    "supervised text classifier (scikit-learn): word 1-2-gram and character 2-5-gram TF-IDF "
    "features, one linear support vector machine per pair of topics with votes, confidence = "
    "temperature-scaled softmax fitted on held-out data; below the threshold a contact is "
    f"'{UNCLASSIFIED}'"
)


@dataclass
class SourceFacts:
    source_system: str
    mapping: str
    file_format: str
    files: int
    rows_read: int
    rows_stored: int
    rows_rejected: int
    contacts: int
    first_contact: str | None
    last_contact: str | None
    first_ingested: str | None
    last_ingested: str | None
    channels: list[str] = field(default_factory=list)


@dataclass
class DeploymentFacts:
    sources: list[SourceFacts]
    model: dict[str, Any] | None
    model_history: list[dict[str, Any]]
    unclassified_rate_in_use: float | None
    contacts_classified: int
    topics: list[dict[str, Any]]
    retention_days: dict[str, int]
    redaction_types: list[str]
    published_tables: list[str]
    suppression_threshold: int
    public_files: bool
    reviewed_labels: int
    audit_rows: int
    environment: str
    pseudonym_key_from_setting: bool


def _sources(con: Any) -> list[SourceFacts]:
    rows = con.execute(
        """
        with files as (
            select source_system, string_agg(distinct mapping_name, ', ') as mapping,
                   string_agg(distinct file_format, ', ') as file_format, count(*) as files,
                   sum(rows_read) as rows_read, sum(rows_stored) as rows_stored,
                   sum(rows_rejected) as rows_rejected, min(ingested_at) as first_ingested,
                   max(ingested_at) as last_ingested
            from raw.ingest_manifest group by 1
        ),
        contacts as (
            select source_system, count(distinct contact_id) as contacts,
                   min(started_at) as first_contact, max(started_at) as last_contact,
                   list(distinct channel order by channel) as channels
            from raw.contacts group by 1
        )
        select files.*, coalesce(contacts.contacts, 0), contacts.first_contact,
               contacts.last_contact, contacts.channels
        from files left join contacts using (source_system)
        order by 1
        """
    ).fetchall()
    return [
        SourceFacts(
            source_system=r[0],
            mapping=r[1],
            file_format=r[2],
            files=int(r[3]),
            rows_read=int(r[4]),
            rows_stored=int(r[5]),
            rows_rejected=int(r[6]),
            first_ingested=r[7].isoformat() if r[7] else None,
            last_ingested=r[8].isoformat() if r[8] else None,
            contacts=int(r[9]),
            first_contact=r[10].date().isoformat() if r[10] else None,
            last_contact=r[11].date().isoformat() if r[11] else None,
            channels=list(r[12] or []),
        )
        for r in rows
    ]


def read_model(model_dir: Path) -> dict[str, Any]:
    """A model folder's ``model.json`` as a dict (``FileNotFoundError`` naming the file)."""
    path = Path(model_dir) / "model.json"
    if not path.is_file():
        raise FileNotFoundError(f"no model.json in {model_dir}: not a model folder")
    return json.loads(path.read_text(encoding="utf-8"))


def gather(settings: Settings) -> DeploymentFacts:
    """Read the facts (the warehouse read-only: safe beside a run that is not writing)."""
    version = current_version(settings.models_dir)
    model = read_model(settings.models_dir / version) if version else None
    taxonomy = load_taxonomy(settings.taxonomy_file)
    topics = [
        {"id": t.id, "name": t.name, "service_area": t.service_area, "safeguarding": t.safeguarding}
        for t in taxonomy.topics
    ]
    sources: list[SourceFacts] = []
    history: list[dict[str, Any]] = []
    rate, classified, reviewed, audit_rows = None, 0, 0, 0
    published = list(PUBLISHED_TABLES)
    if settings.warehouse_path.exists():
        with open_warehouse(settings.warehouse_path, read_only=True) as con:
            sources = _sources(con)
            if version:
                found = con.execute(
                    "select count(*), avg(case when topic_id = ? then 1.0 else 0.0 end) "
                    "from ml.contact_topics where model_version = ?",
                    [UNCLASSIFIED, version],
                ).fetchall()
                classified = int(found[0][0])
                rate = float(found[0][1]) if found[0][1] is not None else None
            cursor = con.execute(
                "select version, decided_at, promoted, reason, previous_version, macro_f1, "
                "n_train from ml.topic_model_history order by decided_at"
            )
            names = [d[0] for d in cursor.description]
            history = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            reviewed = con.execute("select count(*) from ml.reviewed_topics").fetchall()[0][0]
            published = [
                r[0]
                for r in con.execute(
                    "select table_name from information_schema.tables "
                    "where table_schema = 'published' order by table_name"
                ).fetchall()
            ]
            if has_audit_log(con):
                audit_rows = con.execute("select count(*) from ops.audit_log").fetchall()[0][0]
    return DeploymentFacts(
        sources=sources,
        model=model,
        model_history=history,
        unclassified_rate_in_use=rate,
        contacts_classified=classified,
        topics=topics,
        retention_days={k: getattr(settings, f"retention_{k}_days") for k in RETENTION_DEFAULTS},
        redaction_types=sorted(PLACEHOLDERS),
        published_tables=published,
        suppression_threshold=settings.publish_suppression_threshold,
        public_files=settings.publish_public_files,
        reviewed_labels=int(reviewed),
        audit_rows=int(audit_rows),
        environment=settings.environment,
        pseudonym_key_from_setting=bool(settings.pseudonym_key),
    )
