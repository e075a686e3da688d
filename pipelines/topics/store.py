"""The trained topic model as a value, and how it is written to and read from disk.

A model directory holds three files:

- ``model.joblib``: the fitted scikit-learn pipeline (TF-IDF features and a linear classifier).
  It is a pickle: load only model directories you (or your pipeline) wrote.
- ``training_rows.npy``: a 64-bit hash of each (text, label) row the model was fitted on, so
  that a newer model can be compared with this one on texts this one has not seen.
- ``model.json``: everything a person or another tool needs to know about the model without
  unpickling it: version, label set, training-data fingerprint, number of training texts,
  confidence threshold and temperature, held-out evaluation figures, scikit-learn version,
  creation time, the words that push most towards each topic (``top_terms``), and a SHA-256
  of ``model.joblib`` so a damaged or swapped file is detected.

``pipelines.topics.model`` re-exports :func:`save_model` and :func:`load_model`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import secrets
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

log = logging.getLogger(__name__)

MODEL_FILE = "model.joblib"
# Model files saved before the package layout of decision 0013 name the old module paths of the
# classes and functions they hold (a pickle stores "module.name"); they load through these.
LEGACY_MODULES = {
    "pipelines.classify": "pipelines.topics.model",
    "pipelines.fast_features": "pipelines.topics.features",
    "pipelines.pairwise": "pipelines.topics.pairwise",
    "pipelines.explain": "pipelines.topics.explain",
    "pipelines.model_metrics": "pipelines.topics.metrics",
    "pipelines.model_store": "pipelines.topics.store",
}
ROWS_FILE = "training_rows.npy"
METADATA_FILE = "model.json"
FORMAT_VERSION = 1


class ModelStoreError(RuntimeError):
    """A model directory cannot be read: missing, incomplete or damaged."""


class ModelVersionWarning(UserWarning):
    """The model was saved with a different scikit-learn version than the one running now."""


@dataclass
class TrainedModel:
    """A fitted topic classifier and what is known about it.

    ``threshold`` applies to ``confidence`` (a temperature-scaled softmax of the classifier's
    decision scores, see ``pipelines.topics.model``); ``temperature`` is that scaling factor.
    """

    pipeline: Pipeline
    version: str
    labels: list[str]
    threshold: float
    temperature: float
    training_fingerprint: str
    metrics: dict[str, Any]
    trained_at: datetime
    seed: int
    n_train: int = 0
    dropped_labels: dict[str, int] = field(default_factory=dict)
    top_terms: dict[str, list[str]] = field(default_factory=dict)
    # One hash per (text, label) row the model was fitted on (``ROWS_FILE``): tells which texts
    # a model has seen, so a challenger is compared with it on texts new to it.
    row_hashes: np.ndarray | None = field(default=None, repr=False)
    # (texts, labels, best guesses of the split model) of the held-out split, kept in memory for
    # the comparison with the model in use (pipelines.topics.registry); not saved.
    heldout: tuple[list[str], list[str], list[str]] = field(
        default_factory=lambda: ([], [], []), repr=False
    )


def training_fingerprint(texts: Sequence[str], labels: Sequence[str]) -> str:
    """SHA-256 of the sorted (text, label) pairs: the same data in any order, the same value."""
    digest = hashlib.sha256()
    for text, label in sorted(zip(texts, labels, strict=True)):
        for part in (text, label):
            encoded = part.encode("utf-8")
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
    return digest.hexdigest()


def row_hashes(texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each (text, label) pair: the first 8 bytes of its SHA-256."""
    values = np.empty(len(texts), dtype=np.uint64)
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        digest = hashlib.sha256(f"{len(text)}:{text}{label}".encode())
        values[i] = int.from_bytes(digest.digest()[:8], "big")
    return values


def model_version(trained_at: datetime, fingerprint: str) -> str:
    """``tm-<YYYYMMDDHHMMSS>-<first 8 hex digits of the training fingerprint>-<4 random hex>``.

    The time is UTC. The random suffix keeps two trainings of the same data within the same
    second (a retrain with another seed, a retried task) from sharing a version, and so a
    model directory.
    """
    return f"tm-{trained_at:%Y%m%d%H%M%S}-{fingerprint[:8]}-{secrets.token_hex(2)}"


def _sha256_of_file(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def model_metadata(model: TrainedModel, joblib_sha256: str) -> dict[str, Any]:
    """The contents of ``model.json`` for ``model`` (documented in docs/classifier.md)."""
    return {
        "format_version": FORMAT_VERSION,
        "version": model.version,
        "labels": list(model.labels),
        "n_labels": len(model.labels),
        "training_fingerprint": model.training_fingerprint,
        "n_train": model.n_train,
        "dropped_labels": dict(model.dropped_labels),
        "threshold": model.threshold,
        "temperature": model.temperature,
        "seed": model.seed,
        "metrics": model.metrics,
        "sklearn_version": sklearn.__version__,
        "created_at": model.trained_at.isoformat(),
        "model_file": MODEL_FILE,
        "model_file_sha256": joblib_sha256,
        "top_terms": model.top_terms,
    }


def save_model(model: TrainedModel, model_dir: Path) -> Path:
    """Write ``model.joblib`` and ``model.json`` into ``model_dir`` (created if needed).

    Each file is written under a temporary name and then renamed, so a reader never sees a
    half-written file; ``model.json`` is written last. Returns ``model_dir``.
    """
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    model_path = model_dir / MODEL_FILE
    tmp_model = model_dir / (MODEL_FILE + ".tmp")
    joblib.dump(model.pipeline, tmp_model, compress=3)
    os.replace(tmp_model, model_path)
    if model.row_hashes is not None:
        tmp_rows = model_dir / (ROWS_FILE + ".tmp")
        with tmp_rows.open("wb") as handle:
            np.save(handle, model.row_hashes, allow_pickle=False)
        os.replace(tmp_rows, model_dir / ROWS_FILE)
    metadata = model_metadata(model, _sha256_of_file(model_path))
    tmp_meta = model_dir / (METADATA_FILE + ".tmp")
    tmp_meta.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp_meta, model_dir / METADATA_FILE)
    log.info("saved topic model %s to %s", model.version, model_dir)
    return model_dir


def _read_metadata(model_dir: Path) -> dict[str, Any]:
    meta_path = model_dir / METADATA_FILE
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelStoreError(f"{meta_path}: not valid JSON ({exc})") from exc
    required = (
        "version",
        "labels",
        "threshold",
        "temperature",
        "training_fingerprint",
        "created_at",
        "sklearn_version",
    )
    missing = [key for key in required if key not in metadata]
    if missing:
        raise ModelStoreError(f"{meta_path}: missing field(s) {', '.join(missing)}")
    return metadata


def load_model(model_dir: Path) -> TrainedModel:
    """Read a model written by :func:`save_model`.

    Raises :class:`ModelStoreError` when the directory or either file is missing, when
    ``model.json`` is unreadable, or when ``model.joblib`` does not match the checksum recorded
    in ``model.json``. Warns (:class:`ModelVersionWarning`) when the model was saved with another
    scikit-learn version: predictions may differ, so retrain when you upgrade scikit-learn.
    """
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise ModelStoreError(f"model directory {model_dir} does not exist (train a model first)")
    missing = [name for name in (MODEL_FILE, METADATA_FILE) if not (model_dir / name).is_file()]
    if missing:
        raise ModelStoreError(f"model directory {model_dir} is incomplete: no {', '.join(missing)}")
    metadata = _read_metadata(model_dir)
    model_path = model_dir / MODEL_FILE
    expected = metadata.get("model_file_sha256")
    if expected and _sha256_of_file(model_path) != expected:
        raise ModelStoreError(
            f"{model_path} does not match the checksum in {METADATA_FILE}: "
            "the file was changed or damaged; retrain or restore it"
        )
    if metadata["sklearn_version"] != sklearn.__version__:
        message = (
            f"model {metadata['version']} was saved with scikit-learn "
            f"{metadata['sklearn_version']} but {sklearn.__version__} is running: "
            "predictions may differ; retrain the model"
        )
        log.warning(message)
        warnings.warn(message, ModelVersionWarning, stacklevel=2)
    with _legacy_module_names():
        pipeline = joblib.load(model_path)
    if not isinstance(pipeline, Pipeline):
        raise ModelStoreError(f"{model_path} does not hold a scikit-learn Pipeline")
    return TrainedModel(
        pipeline=pipeline,
        version=str(metadata["version"]),
        labels=[str(label) for label in metadata["labels"]],
        threshold=float(metadata["threshold"]),
        temperature=float(metadata["temperature"]),
        training_fingerprint=str(metadata["training_fingerprint"]),
        metrics=dict(metadata.get("metrics", {})),
        trained_at=datetime.fromisoformat(metadata["created_at"]),
        seed=int(metadata.get("seed", 0)),
        n_train=int(metadata.get("n_train", 0)),
        dropped_labels={str(k): int(v) for k, v in metadata.get("dropped_labels", {}).items()},
        top_terms={str(k): list(v) for k, v in metadata.get("top_terms", {}).items()},
        row_hashes=_read_row_hashes(model_dir / ROWS_FILE),
    )


def _read_row_hashes(path: Path) -> np.ndarray | None:
    """The training-row hashes, or None for a model saved without them."""
    if not path.is_file():
        return None
    try:
        return np.load(path, allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise ModelStoreError(f"{path}: cannot be read ({exc}); retrain the model") from exc


@contextmanager
def _legacy_module_names() -> Iterator[None]:
    """While loading, let the old module paths in a pickle resolve to the modules of today."""
    added = []
    for old, new in LEGACY_MODULES.items():
        if old not in sys.modules:
            sys.modules[old] = importlib.import_module(new)
            added.append(old)
    try:
        yield
    finally:
        for old in added:
            sys.modules.pop(old, None)
