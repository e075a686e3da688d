"""Versioned topic models: which one is in use, and whether a new one may replace it.

``<workdir>/models/<version>/`` holds every model ever promoted (never deleted);
``<workdir>/models/current`` is a one-line file naming the version in use. A newly trained
model (the *challenger*) replaces the current one only when its macro-F1 is not worse than the
current model's on the same texts: the challenger's held-out texts that the current model was
not trained on (see :func:`decide`). Every decision, promoted or not, is recorded in
``ml.topic_model_history``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from pipelines.topics.model import TrainedModel, load_model, predict, save_model
from pipelines.topics.store import ModelStoreError, row_hashes

log = logging.getLogger(__name__)
CURRENT_POINTER = "current"
# Fewer held-out texts than this that are new to the current model: no fair comparison.
MIN_COMPARED_TEXTS = 30


class NoModelError(RuntimeError):
    """No topic model has been promoted in this models folder yet."""


@dataclass
class PromotionDecision:
    """The outcome of comparing a challenger with the model in use."""

    challenger_version: str
    current_version: str | None
    compared_texts: int
    challenger_macro_f1: float | None
    current_macro_f1: float | None
    promoted: bool
    reason: str


def current_version(models_dir: Path) -> str | None:
    """The version named by ``models/current``, or None when nothing has been promoted."""
    pointer = Path(models_dir) / CURRENT_POINTER
    if not pointer.is_file():
        return None
    return pointer.read_text(encoding="utf-8").strip() or None


def current_model_folder(models_dir: Path) -> Path:
    """The folder of the model in use; :class:`NoModelError` when there is none."""
    version = current_version(models_dir)
    if version is None:
        raise NoModelError(
            f"no current model in {models_dir}: run 'contact-topics train' or the demo first"
        )
    return Path(models_dir) / version


def set_current(models_dir: Path, version: str) -> None:
    """Point ``models/current`` at ``version`` (written then renamed: never half-written)."""
    if not (Path(models_dir) / version).is_dir():
        raise ModelStoreError(f"no model folder {Path(models_dir) / version} to make current")
    pointer = Path(models_dir) / CURRENT_POINTER
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(pointer)


def decide(
    challenger: TrainedModel, current: TrainedModel | None, min_compared: int = MIN_COMPARED_TEXTS
) -> PromotionDecision:
    """Promote ``challenger`` unless ``current`` scores a higher macro-F1 on the same texts.

    The texts: the challenger's held-out split, less the rows the current model was fitted on
    (its ``training_rows.npy``; a corrected label makes a row new). Both models are scored on
    them (macro-F1 of the best guess over the topics present), neither having seen them. With
    fewer than ``min_compared`` such texts there is nothing fair to compare on, and the current
    model stays.
    """
    texts, labels, guesses = challenger.heldout
    if current is None:
        f1 = float(challenger.metrics["macro_f1"])
        return PromotionDecision(
            challenger.version, None, len(texts), f1, None, True, "no model in use yet"
        )
    if not texts:
        raise ValueError(f"challenger {challenger.version} has no held-out texts to compare on")
    if current.row_hashes is None:
        new = np.ones(len(texts), dtype=bool)
        basis = "held-out texts (the current model may have been trained on some)"
    else:
        new = ~np.isin(row_hashes(texts, labels), current.row_hashes)
        basis = "held-out texts the current model was not trained on"
    n_new = int(new.sum())
    if n_new < min_compared:
        reason = (
            f"only {n_new} of the {len(texts)} held-out texts are new to the current model "
            f"(at least {min_compared} are needed for a fair comparison): keeping it"
        )
        return PromotionDecision(
            challenger.version, current.version, n_new, None, None, False, reason
        )
    truth = [label for label, keep in zip(labels, new, strict=True) if keep]
    compared = [text for text, keep in zip(texts, new, strict=True) if keep]
    topics = sorted(set(truth))

    def macro_f1(predicted: list[str]) -> float:
        return float(f1_score(truth, predicted, labels=topics, average="macro", zero_division=0))

    challenger_f1 = macro_f1([guess for guess, keep in zip(guesses, new, strict=True) if keep])
    current_f1 = macro_f1([str(topic) for topic in predict(current, compared).predicted_topic])
    promoted = challenger_f1 >= current_f1
    reason = (
        f"macro-F1 {challenger_f1:.4f} is {'not worse than' if promoted else 'worse than'} the "
        f"current model's {current_f1:.4f} on the same {n_new} {basis}"
    )
    return PromotionDecision(
        challenger.version, current.version, n_new, challenger_f1, current_f1, promoted, reason
    )


def load_current(models_dir: Path) -> TrainedModel | None:
    """The model in use, or None when there is none or it cannot be read (logged)."""
    try:
        return load_model(current_model_folder(models_dir))
    except NoModelError:
        return None
    except ModelStoreError as exc:
        log.warning("the current model cannot be read, so any new model replaces it: %s", exc)
        return None


def promote_if_not_worse(
    challenger: TrainedModel,
    models_dir: Path,
    force: bool = False,
    min_compared: int = MIN_COMPARED_TEXTS,
) -> PromotionDecision:
    """Compare ``challenger`` with the model in use; save it and make it current if it wins.

    ``force`` promotes whatever the comparison says (the reason records it). A challenger that
    loses is not saved; its figures are in the returned decision.
    """
    decision = decide(challenger, load_current(models_dir), min_compared)
    if force and not decision.promoted:
        decision.promoted = True
        decision.reason += "; promoted anyway (--force)"
    if decision.promoted:
        save_model(challenger, Path(models_dir) / challenger.version)
        set_current(models_dir, challenger.version)
    log.info(
        "model %s %s: %s",
        challenger.version,
        "promoted" if decision.promoted else "not promoted",
        decision.reason,
    )
    return decision


def record_decision(con, challenger: TrainedModel, decision: PromotionDecision) -> None:  # type: ignore[no-untyped-def]
    """Append the decision to ``ml.topic_model_history`` and a row to ``ops.audit_log``."""
    con.execute(
        "insert into ml.topic_model_history values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            challenger.version,
            datetime.now(UTC),
            decision.promoted,
            decision.reason,
            decision.current_version,
            float(challenger.metrics["macro_f1"]),
            decision.compared_texts,
            decision.challenger_macro_f1,
            decision.current_macro_f1,
            float(challenger.metrics["accuracy"]),
            challenger.threshold,
            challenger.n_train,
            len(challenger.labels),
            int(challenger.metrics.get("n_heldout", 0)),
            challenger.training_fingerprint,
        ],
    )
    from pipelines.governance.audit import record  # the audit log (docs/governance.md)

    record(
        con,
        "model_promoted" if decision.promoted else "model_refused",
        challenger.version,
        {
            "reason": decision.reason,
            "previous_version": decision.current_version,
            "macro_f1": float(challenger.metrics["macro_f1"]),
            "accuracy": float(challenger.metrics["accuracy"]),
            "threshold": challenger.threshold,
            "n_train": challenger.n_train,
            "n_heldout": int(challenger.metrics.get("n_heldout", 0)),
            "training_fingerprint": challenger.training_fingerprint,
        },
    )
