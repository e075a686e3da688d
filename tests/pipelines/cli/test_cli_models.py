"""The model commands end to end on small files: train, classify, evaluate, topic-terms."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import polars as pl
import pytest

from pipelines.cli.main import main
from tests.pipelines.topics.test_classify import council_texts

OFF_TOPIC = "what time does the swimming pool open on sundays"


def _labelled_csv(path: Path, n_per_topic: int = 30, seed: int = 1) -> Path:
    texts, labels = council_texts(n_per_topic, seed=seed)
    pl.DataFrame({"id": range(len(texts)), "words": texts, "topic": labels}).write_csv(path)
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained by the command line on a small labelled CSV."""
    root = tmp_path_factory.mktemp("cli-models")
    # 60 a topic: with 30, a phrase can be in only 2 training texts, below the model's
    # minimum of 3 contacts for a word (MIN_NGRAM_CONTACTS, issue 14), and not learnt
    data = _labelled_csv(root / "labelled.csv", n_per_topic=60)
    args = ["train", "--input", str(data), "--text-column", "words", "--label-column", "topic"]
    assert main([*args, "--model-dir", str(root / "model"), "--seed", "3",
                 "--workdir", str(root / "work")]) == 0  # fmt: skip
    return root / "model"


def test_train_writes_model_json_with_the_documented_fields(trained: Path) -> None:
    meta = json.loads((trained / "model.json").read_text())
    assert meta["labels"] == ["bins", "council_tax", "housing_repairs", "parking"]
    assert meta["version"].startswith("tm-")
    assert len(meta["training_fingerprint"]) == 64
    assert 0.0 < meta["threshold"] < 1.0
    assert meta["seed"] == 3
    metrics = meta["metrics"]
    assert metrics["accuracy"] > 0.9 and metrics["macro_f1"] > 0.9
    assert set(metrics["per_topic"]["bins"]) >= {"precision", "recall"}
    assert "bin" in " ".join(meta["top_terms"]["bins"])


def test_classify_adds_topic_and_confidence_and_keeps_input_columns(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame(
        {"ref": ["a", "b", "c", "d"], "says": ["missed bin collection", OFF_TOPIC, "", None]}
    ).write_csv(source)
    out = tmp_path / "out.csv"
    args = ["classify", "--model-dir", str(trained), "--input", str(source)]
    assert main([*args, "--text-column", "says", "--output", str(out)]) == 0
    result = pl.read_csv(out)
    assert result.columns == ["ref", "says", "topic", "confidence"]
    assert result.get_column("topic").to_list() == [
        "bins",
        "unclassified",
        "unclassified",
        "unclassified",
    ]
    confidence = result.get_column("confidence").to_list()
    assert all(0.0 <= c <= 1.0 for c in confidence)
    assert confidence[2:] == [0.0, 0.0]
    assert "classified 4 rows" in capsys.readouterr().out
    assert not (tmp_path / "out.csv.tmp").exists()


def test_classify_streams_jsonl_to_parquet_in_batches_with_explanations(
    trained: Path, tmp_path: Path
) -> None:
    texts, _ = council_texts(5, seed=9)
    source = tmp_path / "in.jsonl"
    pl.DataFrame({"n": range(len(texts)), "text": texts}).write_ndjson(source)
    out = tmp_path / "out.parquet"
    args = ["classify", "--model-dir", str(trained), "--input", str(source), "--text-column"]
    assert main([*args, "text", "--output", str(out), "--explain", "--batch-rows", "3"]) == 0
    result = pl.read_parquet(out)
    assert result.get_column("n").to_list() == list(range(len(texts)))
    assert result.columns[-3:] == ["topic", "confidence", "explanation"]
    bins = result.filter(pl.col("topic") == "bins")
    assert bins.height > 0
    assert all("bin" in row or "collection" in row for row in bins.get_column("explanation"))


def test_classify_threshold_option_overrides_the_models(trained: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame({"t": [OFF_TOPIC, "pay my council tax"]}).write_csv(source)
    out = tmp_path / "out.csv"
    args = ["classify", "--model-dir", str(trained), "--input", str(source), "--text-column", "t"]
    assert main([*args, "--output", str(out), "--threshold", "0"]) == 0
    assert "unclassified" not in pl.read_csv(out).get_column("topic").to_list()


def test_evaluate_prints_figures_and_json(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _labelled_csv(tmp_path / "other.csv", n_per_topic=10, seed=5)
    args = ["evaluate", "--model-dir", str(trained), "--input", str(data)]
    args += ["--text-column", "words", "--label-column", "topic"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "accuracy" in text and "macro-F1" in text and "unclassified" in text
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 40
    assert report["accuracy"] > 0.9
    assert 0.0 <= report["unclassified_rate"] <= 1.0
    assert isinstance(report["top_confused_pairs"], list)


def test_topic_terms_lists_the_words_behind_a_topic(
    trained: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topic-terms", "--model-dir", str(trained), "--topic", "parking"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("parking: ") and "parking" in line
    assert main(["topic-terms", "--model-dir", str(trained), "--topic", "nope"]) == 1


def _write_bytes(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", b"words,topic\n", "header but no rows"),
        ("cols.csv", b"text,label\nhello,a\n", "no column 'words'"),
        ("latin1.csv", b"words,topic\nok,a\ncaf\xe9 bill,b\n", "line 3 is not UTF-8"),
        ("data.txt", b"words,topic\n", "unknown file type"),
        ("one.csv", b"words,topic\nmissed bin,bins\npay tax,tax\n", "need at least 2 labels"),
    ],
)
def test_bad_training_files_give_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, content: bytes, message: str
) -> None:
    path = _write_bytes(tmp_path / name, content)
    args = ["train", "--input", str(path), "--text-column", "words", "--label-column", "topic"]
    with caplog.at_level(logging.ERROR):
        assert main([*args, "--model-dir", str(tmp_path / "m"),
                     "--workdir", str(tmp_path / "work")]) == 1  # fmt: skip
    assert message in caplog.text
    assert not (tmp_path / "m").exists()


def test_single_example_topics_are_reported_and_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, labels = council_texts(10, seed=2)
    frame = pl.DataFrame({"words": [*texts, "a lone text", ""], "topic": [*labels, "lonely", "x"]})
    frame.write_csv(tmp_path / "data.csv")
    args = ["train", "--input", str(tmp_path / "data.csv"), "--text-column", "words"]
    assert main([*args, "--label-column", "topic", "--model-dir", str(tmp_path / "m"),
                 "--workdir", str(tmp_path / "work")]) == 0  # fmt: skip
    assert "left out (fewer than 2 examples): lonely" in capsys.readouterr().out
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    assert "lonely" not in meta["labels"] and meta["dropped_labels"] == {"lonely": 1}


def test_classify_refuses_clashing_columns_and_missing_models(
    trained: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame({"t": ["missed bin"], "topic": ["old"]}).write_csv(source)
    out = tmp_path / "out.csv"
    args = ["classify", "--input", str(source), "--text-column", "t", "--output", str(out)]
    with caplog.at_level(logging.ERROR):
        assert main([*args, "--model-dir", str(trained)]) == 1
        assert main([*args, "--model-dir", str(tmp_path / "no-model")]) == 1
    assert "already has column(s) topic" in caplog.text
    assert "does not exist" in caplog.text
    assert not out.exists() and not (tmp_path / "out.csv.tmp").exists()


def test_train_options_must_go_together(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    with caplog.at_level(logging.ERROR):
        assert main(["train", "--input", str(tmp_path / "x.csv"), "--text-column", "t"]) == 2
        assert main(["train", "--workdir", str(tmp_path), "--model-dir", "m"]) == 2
    assert "--input needs" in caplog.text and "go with --input" in caplog.text
