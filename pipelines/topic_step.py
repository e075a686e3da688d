"""The pipeline's classification step: train from the warehouse, classify what needs it.

Models live in ``<workdir>/models/<version>/``; ``<workdir>/models/current`` holds the version in
use. Training data are contacts whose wrap-up code the taxonomy maps to a topic (agents'
dispositions); every contact then gets a topic, a confidence and the model version.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.classify import TrainedModel, load_model, predict, save_model, train_model
from pipelines.settings import Settings
from pipelines.warehouse import fetch_frame, open_warehouse

log = logging.getLogger(__name__)
BATCH_ROWS = 100_000
# Wrap-up codes label mostly agents' phone notes; the model is then applied to residents' own
# webchat and e-mail words, where it is less confident. Choosing the threshold to keep 98% (not
# 95%) of held-out labelled texts classified keeps that shift from leaving good predictions
# unclassified (measured on the sample data: coverage of un-coded contacts 0.81 -> 0.87, accuracy
# of those classified 1.00 both ways, emerging-topic texts still unclassified).
TARGET_IN_SCOPE_COVERAGE = 0.98
STAGED_CONTACTS = "staging.stg_raw__contacts"


class NoModelError(RuntimeError):
    """No topic model has been trained for this work directory yet."""


@dataclass
class ClassifyReport:
    model_version: str
    contacts_classified: int
    unclassified: int


def current_model_dir(settings: Settings) -> Path:
    pointer = settings.models_dir / "current"
    if not pointer.exists():
        raise NoModelError(
            f"no current model in {settings.models_dir}: run 'contact-topics train-from-warehouse' "
            "or the demo first"
        )
    return settings.models_dir / pointer.read_text().strip()


def set_current_model(settings: Settings, version: str) -> None:
    pointer = settings.models_dir / "current"
    pointer.parent.mkdir(parents=True, exist_ok=True)
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(version + "\n")
    tmp.replace(pointer)


def labelled_contacts(settings: Settings) -> pl.DataFrame:
    """Contacts whose wrap-up code maps to a taxonomy topic: (text, topic_id)."""
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return fetch_frame(
            con,
            f"""
            select contacts.text_redacted as text, codes.topic_id
            from {STAGED_CONTACTS} as contacts
            inner join raw.topic_wrap_up_codes as codes
                on lower(trim(contacts.wrap_up_code)) = lower(trim(codes.wrap_up_code))
            where contacts.text_redacted is not null and length(trim(contacts.text_redacted)) > 0
            order by contacts.source_system, contacts.contact_id
        """,
        )


def train_from_warehouse(settings: Settings, seed: int = 0) -> TrainedModel:
    data = labelled_contacts(settings)
    if data.height == 0:
        raise NoModelError(
            "no labelled contacts: no wrap-up code in the data maps to a topic "
            "in the taxonomy (check the taxonomy's wrap_up_codes)"
        )
    log.info(
        "training a topic model on %d labelled contacts (%d topics)",
        data.height,
        data.get_column("topic_id").n_unique(),
    )
    model = train_model(
        data.get_column("text").to_list(),
        data.get_column("topic_id").to_list(),
        seed=seed,
        target_in_scope_coverage=TARGET_IN_SCOPE_COVERAGE,
    )
    save_model(model, settings.models_dir / model.version)
    set_current_model(settings, model.version)
    log.info(
        "model %s: held-out accuracy %.3f, macro-F1 %.3f, threshold %.2f",
        model.version,
        model.metrics.get("accuracy", float("nan")),
        model.metrics.get("macro_f1", float("nan")),
        model.threshold,
    )
    return model


def classify_contacts(settings: Settings, reclassify_all: bool = False) -> ClassifyReport:
    """Classify contacts that are new, changed, or classified by another model version.

    Rewrites their rows in ``ml.contact_topics`` (delete-then-insert), so a retry changes nothing.
    """
    model = load_model(current_model_dir(settings))
    threshold = settings.confidence_threshold
    with open_warehouse(settings.warehouse_path) as con:
        todo = fetch_frame(
            con,
            f"""
            select contacts.source_system, contacts.contact_id, contacts.updated_at,
                   contacts.text_redacted
            from {STAGED_CONTACTS} as contacts
            left join ml.contact_topics as done
                on contacts.source_system = done.source_system
                and contacts.contact_id = done.contact_id
            where ? or done.contact_id is null or done.model_version <> ?
                or done.contact_updated_at is distinct from contacts.updated_at
            order by contacts.source_system, contacts.contact_id
        """,
            [reclassify_all, model.version],
        )
        total, unclassified = todo.height, 0
        now = datetime.now(UTC)
        for offset in range(0, total, BATCH_ROWS):
            batch = todo.slice(offset, BATCH_ROWS)
            result = predict(model, batch.get_column("text_redacted").to_list(), threshold)
            rows = batch.select(
                "source_system", "contact_id", pl.col("updated_at").alias("contact_updated_at")
            ).with_columns(
                pl.Series("predicted_topic_id", list(result.predicted_topic), dtype=pl.Utf8),
                pl.Series("topic_id", list(result.topic), dtype=pl.Utf8),
                pl.Series("confidence", list(result.confidence), dtype=pl.Float64),
                pl.lit(model.version).alias("model_version"),
                pl.lit(now).alias("classified_at"),
            )
            unclassified += rows.filter(pl.col("topic_id") == "unclassified").height
            con.begin()
            con.register("batch_topics", rows.to_arrow())
            con.execute("""
                delete from ml.contact_topics as existing
                using batch_topics
                where existing.source_system = batch_topics.source_system
                  and existing.contact_id = batch_topics.contact_id
            """)
            con.execute("insert into ml.contact_topics by name select * from batch_topics")
            con.unregister("batch_topics")
            con.commit()
            log.info("classified %d/%d contacts", min(offset + BATCH_ROWS, total), total)
    log.info(
        "classification: %d contacts with model %s, %d unclassified",
        total,
        model.version,
        unclassified,
    )
    return ClassifyReport(model.version, total, unclassified)
