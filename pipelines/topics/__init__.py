"""The topic model: training, features, one-vs-one votes, explanations, metrics, model folders and
their registry, reviewed labels, and the classify step on the warehouse.

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.topics.explain import TOP_TERMS_PER_TOPIC, explain_texts, topic_terms
from pipelines.topics.features import normalise_text
from pipelines.topics.model import evaluate_model, features_of, linear_scores, predict, train_model
from pipelines.topics.registry import CURRENT_POINTER, NoModelError, current_model_folder
from pipelines.topics.reviewed_labels import import_reviews
from pipelines.topics.step import (
    STAGED_CONTACTS_TABLE,
    ClassifyReport,
    TrainingResult,
    classify_contacts,
    current_model_dir,
    train_from_warehouse,
)
from pipelines.topics.store import TrainedModel, load_model
from pipelines.topics.training_files import (
    BatchWriter,
    LabelledFileError,
    check_utf8,
    format_of,
    iter_batches,
    read_labelled,
    train_from_file,
)

__all__ = [
    "BatchWriter",
    "CURRENT_POINTER",
    "ClassifyReport",
    "LabelledFileError",
    "NoModelError",
    "STAGED_CONTACTS_TABLE",
    "TOP_TERMS_PER_TOPIC",
    "TrainedModel",
    "TrainingResult",
    "check_utf8",
    "classify_contacts",
    "current_model_dir",
    "current_model_folder",
    "evaluate_model",
    "explain_texts",
    "features_of",
    "format_of",
    "import_reviews",
    "iter_batches",
    "linear_scores",
    "load_model",
    "normalise_text",
    "predict",
    "read_labelled",
    "topic_terms",
    "train_from_file",
    "train_from_warehouse",
    "train_model",
]
