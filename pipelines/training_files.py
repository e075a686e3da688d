"""Train a topic model from a labelled file (CSV, JSON Lines or Parquet), any label set."""

from __future__ import annotations

import logging
from pathlib import Path

from pipelines.classify import TrainedModel, save_model, train_model
from pipelines.readers import read_export

log = logging.getLogger(__name__)
FORMAT_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def format_of(path: Path) -> str:
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"{path}: unknown file type {path.suffix!r}; expected one of "
            f"{', '.join(FORMAT_BY_SUFFIX)}"
        ) from None


def train_from_file(
    path: Path, text_column: str, label_column: str, model_dir: Path, seed: int = 0
) -> TrainedModel:
    frame = read_export(path, format_of(path)).frame
    for column in (text_column, label_column):
        if column not in frame.columns:
            raise ValueError(f"{path}: no column {column!r}; columns are {frame.columns}")
    usable = frame.drop_nulls([text_column, label_column])
    if usable.height < frame.height:
        log.warning(
            "%s: %d row(s) without text or label left out", path, frame.height - usable.height
        )
    model = train_model(
        [str(t) for t in usable.get_column(text_column).to_list()],
        [str(label) for label in usable.get_column(label_column).to_list()],
        seed=seed,
    )
    save_model(model, model_dir)
    log.info("model %s written to %s", model.version, model_dir)
    return model
