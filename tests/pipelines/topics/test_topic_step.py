"""The pipeline's topic step on a real warehouse: retrain-and-compare, history, reviewed labels."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines import steps
from pipelines.cli.main import main
from pipelines.settings import Settings
from pipelines.topics.registry import current_version
from pipelines.topics.reviewed_labels import import_reviews
from pipelines.topics.step import (
    cap_per_topic,
    classify_contacts,
    labelled_contacts,
    train_from_warehouse,
)
from pipelines.topics.training_files import LabelledFileError
from pipelines.warehouse import fetch_frame, open_warehouse


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory, small_exports: Path) -> Settings:
    """A warehouse with two weeks of generated contacts, ingested and staged by dbt."""
    settings = Settings.from_env(workdir=tmp_path_factory.mktemp("topic-step") / "work")
    settings.ensure_dirs()
    for path in (small_exports / "landing").iterdir():
        shutil.copy(path, settings.landing_dir / path.name)
    steps.load_reference_data(settings)
    steps.ingest_files(settings)
    steps.build_staging(settings)
    return settings


def _query(settings: Settings, sql: str) -> pl.DataFrame:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return fetch_frame(con, sql)


def _a_contact(settings: Settings) -> tuple[str, str, str]:
    """(source_system, contact_id, a topic other than its wrap-up code's) of a coded contact."""
    row = _query(
        settings,
        """
        select c.source_system, c.contact_id, codes.topic_id
        from staging.stg_raw__contacts as c
        join raw.topic_wrap_up_codes as codes
            on lower(trim(c.wrap_up_code)) = lower(trim(codes.wrap_up_code))
        where c.text_redacted is not null
        order by c.source_system, c.contact_id limit 1
        """,
    ).row(0)
    other = _query(settings, f"select min(topic_id) from raw.topics where topic_id <> '{row[2]}'")
    return row[0], row[1], other.item()


def test_training_promotes_records_history_and_classifies(staged: Settings) -> None:
    first = train_from_warehouse(staged)
    assert first.decision.promoted and first.decision.current_version is None
    assert current_version(staged.models_dir) == first.model.version
    # the same contacts again: every held-out text was seen by the current model
    again = train_from_warehouse(staged, seed=1)
    assert not again.decision.promoted and again.decision.compared_texts == 0
    assert current_version(staged.models_dir) == first.model.version
    assert not (staged.models_dir / again.model.version).exists()
    history = _query(staged, "select * from ml.topic_model_history order by decided_at")
    assert history.get_column("version").to_list() == [first.model.version, again.model.version]
    assert history.get_column("promoted").to_list() == [True, False]
    assert history.get_column("previous_version").to_list()[1] == first.model.version
    assert history.get_column("macro_f1").to_list()[1] == again.model.metrics["macro_f1"]
    report = classify_contacts(staged)
    assert report.model_version == current_version(staged.models_dir)
    versions = _query(staged, "select distinct model_version from ml.contact_topics")
    assert versions.get_column("model_version").to_list() == [report.model_version]


def test_reviewed_labels_win_in_training_and_classification(
    staged: Settings, tmp_path: Path
) -> None:
    source, contact, corrected = _a_contact(staged)
    reviews = tmp_path / "reviews.csv"
    pl.DataFrame(
        {"source_system": [source], "contact_id": [contact], "topic_id": [corrected]}
    ).write_csv(reviews)
    assert import_reviews(staged, reviews) == 1
    assert import_reviews(staged, reviews) == 1  # a re-import replaces, never duplicates
    stored = _query(staged, "select * from ml.reviewed_topics")
    assert stored.height == 1 and stored.get_column("topic_id").item() == corrected
    with open_warehouse(staged.warehouse_path) as con:
        labelled = labelled_contacts(con)
    reviewed = labelled.filter(pl.col("reviewed"))
    assert reviewed.height == 1 and reviewed.get_column("topic_id").item() == corrected
    result = train_from_warehouse(staged, force=True)
    assert result.n_reviewed == 1 and result.decision.promoted
    classify_contacts(staged)
    topic = _query(
        staged,
        f"select topic_id from ml.contact_topics "
        f"where source_system = '{source}' and contact_id = '{contact}'",
    )
    assert topic.item() == corrected
    assert _query(staged, "select topic_id from ml.reviewed_topics").item() == corrected


def test_a_bad_review_file_imports_nothing(
    staged: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = _query(staged, "select count(*) from ml.reviewed_topics").item()
    bad = tmp_path / "bad.csv"
    pl.DataFrame(
        {"source_system": ["x", ""], "contact_id": ["1", "2"], "topic_id": ["no_such", "bins"]}
    ).write_csv(bad)
    with pytest.raises(LabelledFileError, match="row 1, column topic_id: 'no_such'"):
        import_reviews(staged, bad)
    with caplog.at_level(logging.ERROR):
        assert main(["import-reviews", str(bad), "--workdir", str(staged.workdir)]) == 1
    assert "row 2, column source_system: empty" in caplog.text
    assert _query(staged, "select count(*) from ml.reviewed_topics").item() == before


def test_the_cap_keeps_every_reviewed_row_and_a_seeded_sample_of_the_rest() -> None:
    data = pl.DataFrame(
        {
            "text": [f"text {i}" for i in range(130)],
            "topic_id": ["bins"] * 100 + ["parking"] * 30,
            "reviewed": [i % 25 == 0 for i in range(130)],  # 4 bins rows, 2 parking rows
        }
    )
    capped = cap_per_topic(data, 20, seed=3)
    by_group = {(t, r): n for t, r, n in capped.group_by("topic_id", "reviewed").len().rows()}
    assert by_group == {
        ("bins", True): 4,
        ("bins", False): 20,
        ("parking", True): 2,
        ("parking", False): 20,
    }
    assert capped.equals(cap_per_topic(data, 20, seed=3))
    assert not capped.equals(cap_per_topic(data, 20, seed=4))
    assert cap_per_topic(data, 0, seed=3).equals(data)
