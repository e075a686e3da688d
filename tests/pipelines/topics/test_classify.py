"""Tests for the topic classifier: training, thresholds, persistence, errors, banking77 figures."""

from __future__ import annotations

import json
import logging
import random
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import sklearn

from pipelines.contract import UNCLASSIFIED
from pipelines.topics import model
from pipelines.topics.model import (
    ModelStoreError,
    ModelVersionWarning,
    TrainedModel,
    TrainingDataError,
    evaluate_model,
    load_model,
    predict,
    save_model,
    train_model,
    training_fingerprint,
)
from tests.conftest import SHARED_DATA

DATA_DIR = SHARED_DATA
BANKING77 = DATA_DIR / "banking77" / "train.csv"

TOPIC_PHRASES = {
    "bins": [
        "my bin was not collected",
        "missed bin collection",
        "the recycling lorry skipped",
        "need a new wheelie bin",
        "garden waste collection day",
        "bins left on the street",
    ],
    "council_tax": [
        "council tax bill is wrong",
        "pay my council tax",
        "single person discount",
        "council tax direct debit",
        "why has my council tax gone up",
        "council tax reminder letter",
    ],
    "parking": [
        "parking permit renewal",
        "got a parking ticket",
        "penalty charge notice appeal",
        "visitor parking permit",
        "car parked across my drive",
        "resident parking bay",
    ],
    "housing_repairs": [
        "boiler is broken in my flat",
        "damp and mould in the bedroom",
        "report a housing repair",
        "leaking roof in council house",
        "front door lock broken",
        "repair appointment did not turn up",
    ],
}
FILLERS = [
    "hello",
    "hi there",
    "good morning",
    "please can you help",
    "this is [NAME]",
    "I live at [ADDRESS] [POSTCODE]",
    "call me on [PHONE]",
    "thanks",
    "it is urgent",
    "since last week",
    "for the second time",
]


def council_texts(n_per_topic: int, seed: int) -> tuple[list[str], list[str]]:
    """Seeded, redacted-looking council contact texts with their topic labels."""
    rng = random.Random(seed)
    texts, labels = [], []
    for topic, phrases in TOPIC_PHRASES.items():
        for _ in range(n_per_topic):
            parts = [rng.choice(phrases), *rng.sample(FILLERS, 2)]
            rng.shuffle(parts)
            texts.append(" ".join(parts))
            labels.append(topic)
    return texts, labels


@pytest.fixture(scope="module")
def council_model() -> TrainedModel:
    texts, labels = council_texts(40, seed=1)
    return train_model(texts, labels, seed=0)


def test_trained_model_describes_itself(council_model: TrainedModel) -> None:
    texts, labels = council_texts(40, seed=1)
    assert council_model.labels == sorted(TOPIC_PHRASES)
    assert re.fullmatch(r"tm-\d{14}-[0-9a-f]{8}-[0-9a-f]{4}", council_model.version)
    assert council_model.version.split("-")[2] == council_model.training_fingerprint[:8]
    assert council_model.training_fingerprint == training_fingerprint(texts, labels)
    assert council_model.n_train == len(texts)
    assert 0.0 < council_model.threshold < 1.0
    assert council_model.metrics["accuracy"] >= 0.9
    assert set(council_model.metrics["per_topic"]) == set(TOPIC_PHRASES)
    assert council_model.metrics["n_heldout"] == 32  # 20% of 160


def test_fingerprint_ignores_order_but_not_content() -> None:
    texts, labels = ["a b", "c d", "e f"], ["x", "y", "x"]
    same = training_fingerprint(texts[::-1], labels[::-1])
    assert training_fingerprint(texts, labels) == same
    assert training_fingerprint(texts, ["x", "y", "y"]) != same


def test_predictions_for_clear_texts(council_model: TrainedModel) -> None:
    result = predict(
        council_model,
        ["my bin was not collected again [POSTCODE]", "I want to appeal a penalty charge notice"],
    )
    assert list(result.topic) == ["bins", "parking"]
    assert np.all((result.confidence > council_model.threshold) & (result.confidence <= 1.0))


def test_placeholders_carry_no_signal(council_model: TrainedModel) -> None:
    plain = predict(council_model, ["council tax bill is wrong"])
    redacted = predict(council_model, ["[NAME] council tax bill [PHONE] is wrong [POSTCODE]"])
    assert redacted.predicted_topic[0] == plain.predicted_topic[0] == "council_tax"
    assert redacted.confidence[0] == pytest.approx(plain.confidence[0])


def test_empty_missing_and_placeholder_only_text_is_unclassified(
    council_model: TrainedModel,
) -> None:
    result = predict(council_model, [None, "", "   ", "[NAME] [PHONE]", "%%%", "boiler is broken"])
    assert list(result.topic[:5]) == [UNCLASSIFIED] * 5
    assert list(result.predicted_topic[:5]) == [UNCLASSIFIED] * 5
    assert list(result.confidence[:5]) == [0.0] * 5
    assert result.topic[5] == "housing_repairs"


def test_threshold_turns_low_confidence_into_unclassified(council_model: TrainedModel) -> None:
    texts, _ = council_texts(10, seed=7)
    texts += ["what time does the library open", "is the swimming pool closed today"]
    default = predict(council_model, texts)
    below = default.confidence < council_model.threshold
    assert np.all(default.topic[below] == UNCLASSIFIED)
    assert np.all(default.topic[~below] == default.predicted_topic[~below])
    everything = predict(council_model, texts, threshold=1.0)
    assert np.all(everything.topic == UNCLASSIFIED)
    assert list(everything.predicted_topic) == list(default.predicted_topic)
    nothing = predict(council_model, texts, threshold=0.0)
    assert UNCLASSIFIED not in set(nothing.topic)
    # a midway threshold splits the texts exactly at their confidence
    middle = float(np.median(default.confidence))
    mid = predict(council_model, texts, threshold=middle)
    assert np.array_equal(mid.topic == UNCLASSIFIED, default.confidence < middle)
    with pytest.raises(ValueError, match="threshold"):
        predict(council_model, texts, threshold=1.5)


def test_off_topic_text_scores_lower_than_on_topic(council_model: TrainedModel) -> None:
    on_topic = predict(council_model, ["missed bin collection", "parking permit renewal"])
    off_topic = predict(
        council_model, ["what time does the library open", "is the swimming pool closed today"]
    )
    assert off_topic.confidence.max() < on_topic.confidence.min()


def test_batching_gives_the_same_answers(
    council_model: TrainedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts, _ = council_texts(5, seed=3)
    texts.insert(3, None)
    whole = predict(council_model, texts)
    monkeypatch.setattr(model, "PREDICT_BATCH_SIZE", 3)
    batched = predict(council_model, texts)
    assert list(batched.topic) == list(whole.topic)
    np.testing.assert_allclose(batched.confidence, whole.confidence)


def test_training_is_deterministic_for_a_seed() -> None:
    texts, labels = council_texts(20, seed=5)
    first, second = train_model(texts, labels, seed=3), train_model(texts, labels, seed=3)
    probe, _ = council_texts(5, seed=9)
    assert first.threshold == second.threshold
    assert first.training_fingerprint == second.training_fingerprint
    np.testing.assert_array_equal(
        predict(first, probe).confidence, predict(second, probe).confidence
    )


def test_save_load_round_trip_gives_identical_predictions(
    council_model: TrainedModel, tmp_path: Path
) -> None:
    model_dir = save_model(council_model, tmp_path / "models" / council_model.version)
    loaded = load_model(model_dir)
    probe, _ = council_texts(10, seed=11)
    probe += [None, "", "what time does the library open"]
    before, after = predict(council_model, probe), predict(loaded, probe)
    assert list(after.topic) == list(before.topic)
    assert list(after.predicted_topic) == list(before.predicted_topic)
    np.testing.assert_array_equal(after.confidence, before.confidence)
    for name in (
        "version",
        "labels",
        "threshold",
        "temperature",
        "training_fingerprint",
        "trained_at",
        "seed",
        "n_train",
        "metrics",
    ):
        assert getattr(loaded, name) == getattr(council_model, name), name


def test_model_json_holds_the_documented_fields(
    council_model: TrainedModel, tmp_path: Path
) -> None:
    save_model(council_model, tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    expected = {
        "format_version",
        "version",
        "labels",
        "n_labels",
        "training_fingerprint",
        "n_train",
        "dropped_labels",
        "threshold",
        "temperature",
        "seed",
        "metrics",
        "sklearn_version",
        "created_at",
        "model_file",
        "model_file_sha256",
    }
    assert expected <= set(meta)
    assert meta["version"] == council_model.version
    assert meta["labels"] == sorted(TOPIC_PHRASES)
    assert meta["n_train"] == 160
    assert meta["sklearn_version"] == sklearn.__version__
    assert len(meta["training_fingerprint"]) == 64
    for key in ("accuracy", "macro_f1", "unclassified_rate", "per_topic", "top_confused_pairs"):
        assert key in meta["metrics"]
    assert not list(tmp_path.glob("*.tmp"))


def test_evaluate_model_reports_accuracy_coverage_and_confusions(
    council_model: TrainedModel,
) -> None:
    texts, labels = council_texts(10, seed=21)
    texts.append("what time does the library open")
    labels.append("libraries")
    report = evaluate_model(council_model, texts, labels)
    assert report["n"] == 41
    assert 0.9 <= report["accuracy"] < 1.0  # the library text cannot be right
    assert report["unknown_labels"] == ["libraries"]
    assert 0.0 <= report["unclassified_rate"] <= 1.0
    assert report["per_topic"]["bins"]["support"] == 10
    confused = report["top_confused_pairs"]
    assert any(pair["true"] == "libraries" for pair in confused)
    with pytest.raises(ValueError, match="pair up"):
        evaluate_model(council_model, texts, labels[:-1])


# --- errors ---------------------------------------------------------------------------------


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(TrainingDataError, match="3 texts but 2 labels"):
        train_model(["a a", "b b", "c c"], ["x", "y"])


def test_a_single_label_is_refused() -> None:
    with pytest.raises(TrainingDataError, match="at least 2 labels"):
        train_model(["bin not collected", "missed bin", "bin lorry"], ["bins"] * 3)


def test_labels_with_one_example_are_dropped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    texts, labels = council_texts(10, seed=2)
    texts.append("where do I renew my library card")
    labels.append("libraries")
    with caplog.at_level(logging.WARNING, logger="pipelines.topics.model"):
        model = train_model(texts, labels)
    assert "libraries" not in model.labels
    assert model.dropped_labels == {"libraries": 1}
    assert "fewer than 2 examples: libraries" in caplog.text


def test_too_few_labels_after_dropping_is_refused() -> None:
    with pytest.raises(TrainingDataError, match="got 1"):
        train_model(["bin one", "bin two", "tax"], ["bins", "bins", "council_tax"])


def test_reserved_label_and_blank_texts_are_refused() -> None:
    with pytest.raises(TrainingDataError, match="reserved"):
        train_model(
            ["a bin", "b bin", "c tax", "d tax"], ["bins", "bins", UNCLASSIFIED, UNCLASSIFIED]
        )
    with pytest.raises(TrainingDataError, match="at least 2 labels"):
        train_model([None, "", "[NAME]", "  "], ["bins", "bins", "tax", "tax"])


def test_bad_arguments_are_refused() -> None:
    texts, labels = council_texts(5, seed=1)
    with pytest.raises(ValueError, match="test_size"):
        train_model(texts, labels, test_size=1.5)
    with pytest.raises(ValueError, match="target_in_scope_coverage"):
        train_model(texts, labels, target_in_scope_coverage=0.0)


def test_load_model_explains_what_is_missing(council_model: TrainedModel, tmp_path: Path) -> None:
    with pytest.raises(ModelStoreError, match="does not exist"):
        load_model(tmp_path / "nowhere")
    model_dir = save_model(council_model, tmp_path / "m")
    (model_dir / "model.joblib").unlink()
    with pytest.raises(ModelStoreError, match="incomplete: no model.joblib"):
        load_model(model_dir)


def test_load_model_detects_a_changed_model_file(
    council_model: TrainedModel, tmp_path: Path
) -> None:
    model_dir = save_model(council_model, tmp_path)
    with (model_dir / "model.joblib").open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ModelStoreError, match="checksum"):
        load_model(model_dir)
    (model_dir / "model.json").write_text("{not json")
    with pytest.raises(ModelStoreError, match="not valid JSON"):
        load_model(model_dir)


def test_load_model_warns_about_another_sklearn_version(
    council_model: TrainedModel, tmp_path: Path
) -> None:
    model_dir = save_model(council_model, tmp_path)
    meta_path = model_dir / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["sklearn_version"] = "0.0.1"
    meta_path.write_text(json.dumps(meta))
    with pytest.warns(ModelVersionWarning, match="saved with scikit-learn 0.0.1"):
        loaded = load_model(model_dir)
    assert loaded.version == council_model.version


# --- real language: banking77 (10,003 texts, 77 intents) ------------------------------------

needs_banking77 = pytest.mark.skipif(
    not BANKING77.is_file(), reason=f"banking77 data not found at {BANKING77}"
)


def _banking77() -> tuple[list[str], list[str]]:
    frame = pl.read_csv(BANKING77)
    return frame.get_column("text").to_list(), frame.get_column("category").to_list()


@needs_banking77
def test_banking77_held_out_accuracy() -> None:
    """Train on 80%, score on the other 20%.

    Floor 0.89: 5-fold cross-validation of this model on banking77 gave accuracy 0.9088 with a
    fold-to-fold standard deviation of 0.0079 (lowest fold 0.898), so 0.89 is over two
    standard deviations under the mean: a real regression fails, split-to-split noise does
    not. Without the one-vs-one votes the same folds gave 0.9015 (lowest 0.891), and this split
    0.899 against 0.9025 with them.
    Training time is measured by benchmarks/classifier_banking77.py, not asserted here.
    """
    texts, labels = _banking77()
    model = train_model(texts, labels, seed=0)
    print(
        f"banking77: accuracy {model.metrics['accuracy']:.4f}, macro-F1 "
        f"{model.metrics['macro_f1']:.4f}, train {model.metrics['train_seconds']:.1f}s"
    )
    assert len(model.labels) == 77
    assert model.metrics["n_heldout"] == 2001
    assert model.metrics["accuracy"] >= 0.89
    assert model.metrics["macro_f1"] >= 0.89
    assert "card_arrival" in model.top_terms


@needs_banking77
def test_banking77_out_of_scope_texts_come_out_unclassified() -> None:
    texts, labels = _banking77()
    intents = sorted(set(labels))
    left_out = set(random.Random(0).sample(intents, 10))
    in_scope = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab not in left_out]
    model = train_model([t for t, _ in in_scope], [lab for _, lab in in_scope], seed=0)
    unseen = [t for t, lab in zip(texts, labels, strict=True) if lab in left_out]
    oos_rate = float(np.mean(predict(model, unseen).topic == UNCLASSIFIED))
    print(
        f"banking77 out-of-scope: {oos_rate:.3f} of {len(unseen)} texts unclassified; "
        f"in-scope held-out unclassified {model.metrics['unclassified_rate']:.3f}"
    )
    assert oos_rate >= 0.4
    assert oos_rate > 3 * model.metrics["unclassified_rate"]


def test_max_per_label_caps_the_rows_used_for_training() -> None:
    texts, labels = council_texts(30, seed=4)
    texts += [f"bin collection missed again {i}" for i in range(60)]
    labels += ["bins"] * 60
    full = train_model(texts, labels, seed=0)
    capped = train_model(texts, labels, seed=0, max_per_label=20)
    assert full.n_train == 180
    assert capped.n_train == 80  # 4 topics x 20
    assert capped.metrics["n_usable_rows"] == 180
    assert capped.training_fingerprint == full.training_fingerprint
    assert capped.labels == full.labels
    with pytest.raises(ValueError, match="max_per_label"):
        train_model(texts, labels, max_per_label=1)


def test_a_model_saved_before_the_package_layout_still_loads(
    council_model: TrainedModel, tmp_path: Path
) -> None:
    """Model files name the module paths of what they hold; the old flat paths still resolve."""
    import hashlib

    import joblib

    from pipelines.topics.store import LEGACY_MODULES, METADATA_FILE, MODEL_FILE

    folder = save_model(council_model, tmp_path / "model")
    legacy = tmp_path / "legacy.joblib"
    joblib.dump(council_model.pipeline, legacy, protocol=2)  # text module names, editable
    data = legacy.read_bytes()
    for old, new in LEGACY_MODULES.items():
        data = data.replace(f"c{new}\n".encode(), f"c{old}\n".encode())
    # before the layout, normalise_text was defined in pipelines/classify.py
    old_preprocessor = b"cpipelines.classify\nnormalise_text\n"
    data = data.replace(b"cpipelines.fast_features\nnormalise_text\n", old_preprocessor)
    assert old_preprocessor in data and b"pipelines.topics" not in data
    (folder / MODEL_FILE).write_bytes(data)
    metadata = json.loads((folder / METADATA_FILE).read_text())
    metadata["model_file_sha256"] = hashlib.sha256(data).hexdigest()
    (folder / METADATA_FILE).write_text(json.dumps(metadata))

    texts = ["my bin was not collected on tuesday", "how do I pay my council tax"]
    loaded = load_model(folder)
    assert list(predict(loaded, texts).topic) == list(predict(council_model, texts).topic)
