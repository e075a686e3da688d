"""A saved model holds no rare names or addresses, and `train --input` trains on redacted text.

Issue 14: the model file held names from its vocabulary ("priya patel", "rose cottage"). Here
names and addresses are planted in one or two generated contacts each, and an e-mail address
in five; after ``contact-topics train --input`` on the raw file none of their word or
character n-grams (those in fewer than 3 contacts) is in the saved model's vocabulary, nor in
``model.json``. The controls show each rule doing the work: without the minimum the rare
n-grams are learnt, and without redaction the e-mail's words (in five contacts, above the
minimum) are learnt. The command also writes the model's ``model_card.md`` (issue 16).
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.generator import generate
from pipelines.governance.model_card import CARD_FILE
from pipelines.topics.model import MIN_NGRAM_CONTACTS, load_model, train_model

RARE = [  # each planted in one or two contacts
    "Zebedee Quartermain",
    "Priya Patelowska",
    "Rosewhistle Cottage",
    "14 Fennimore Crescent",
    "Ottoline Vexbridge",
    "Flat 3b Quillfeather House",
]
EMAIL = "gwendolyn.quiverstone@example.org"  # in five contacts: kept by the minimum alone


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A raw labelled CSV of generated contacts with planted personal data: (path, its texts)."""
    root = tmp_path_factory.mktemp("vocabulary")
    generate(root / "landing", weeks=2, per_week=400, seed=5, start=date(2026, 3, 2),
             truth_dir=root / "truth")  # fmt: skip
    topics = pl.read_csv(root / "truth" / "ground_truth.csv", infer_schema=False)
    frames = []
    for path in sorted((root / "landing").iterdir()):
        if path.suffix == ".csv":
            raw = pl.read_csv(path, infer_schema=False).select(
                pl.col("Call ID").alias("contact_id"), pl.col("Agent Notes").alias("text")
            )
        elif path.suffix == ".parquet":
            raw = pl.read_parquet(path).select(
                pl.col("case_ref").alias("contact_id"), pl.col("description").alias("text")
            )
        else:
            continue
        frames.append(raw)
    data = (
        pl.concat(frames)
        .drop_nulls()
        .unique("contact_id", keep="last", maintain_order=True)
        .join(topics.select("contact_id", "topic_id").unique("contact_id"), on="contact_id")
    )
    texts, labels = data.get_column("text").to_list(), data.get_column("topic_id").to_list()
    rng = random.Random(3)
    rows = rng.sample(range(len(texts)), 2 * len(RARE) + 5)
    for i, value in enumerate(RARE):
        for row in rows[2 * i : 2 * i + (1 if i % 2 else 2)]:  # one or two contacts each
            texts[row] = f"{texts[row]} spoke to resident at {value} about this"
    for row in rows[-5:]:
        texts[row] = f"{texts[row]} please reply to {EMAIL}"
    path = root / "labelled.csv"
    pl.DataFrame({"words": texts, "topic": labels}).write_csv(path)
    assert len(texts) > 500
    return path, texts


def _vocabularies(pipeline) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    word, char = (step for _, step in pipeline[0].transformer_list)
    return set(word.vocabulary_), set(char.vocabulary_)


def _rare_grams(values: list[str], texts: list[str], pipeline) -> tuple[set, set]:  # type: ignore[no-untyped-def]
    """The word and character n-grams of ``values`` that fewer than ``MIN_NGRAM_CONTACTS`` of
    the (unredacted) ``texts`` contain: what the saved model must not hold."""
    word, char = (step for _, step in pipeline[0].transformer_list)
    found = []
    for vectorizer in (word, char):
        analyse = vectorizer.build_analyzer()
        grams = {gram for value in values for gram in analyse(value)}
        contacts = dict.fromkeys(grams, 0)
        for text in texts:
            for gram in grams & set(analyse(text)):
                contacts[gram] += 1
        found.append({gram for gram, n in contacts.items() if n < MIN_NGRAM_CONTACTS})
    return found[0], found[1]


def test_saved_model_has_no_rare_names_addresses_or_redacted_data(
    planted: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, texts = planted
    model_dir = tmp_path / "model"
    args = ["train", "--input", str(path), "--text-column", "words", "--label-column", "topic"]
    work = ["--workdir", str(tmp_path / "work")]  # its warehouse gets the audit row
    assert main([*args, "--model-dir", str(model_dir), *work]) == 0  # redacts, trains, the card
    saved = load_model(model_dir)
    words, chars = _vocabularies(saved.pipeline)
    rare_words, rare_chars = _rare_grams(RARE, texts, saved.pipeline)
    # what would leak: e.g. 'quartermain', 'zebedee quartermain', 'rosewhistle cottage', 'vexbr'
    assert {"quartermain", "zebedee quartermain", "rosewhistle cottage"} <= rare_words
    assert len(rare_chars) > 50
    assert not rare_words & words
    assert not rare_chars & chars
    assert "quiverstone" not in words  # the e-mail (five contacts) was redacted before training
    metadata = (model_dir / "model.json").read_text(encoding="utf-8").lower()
    for value in RARE + [EMAIL]:
        for token in value.lower().split():
            if token in rare_words and len(token) > 4:  # short ones occur in hashes
                assert token not in metadata
    assert json.loads(metadata)["metrics"]["min_ngram_contacts"] == MIN_NGRAM_CONTACTS
    card = (model_dir / CARD_FILE).read_text(encoding="utf-8")
    assert f"Accuracy {saved.metrics['accuracy']:.3f}" in card
    assert "labels from column 'topic' of labelled.csv" in card
    assert f"found in at least {MIN_NGRAM_CONTACTS} training contacts" in card


def test_controls_each_rule_is_what_removes_them(
    planted: tuple[Path, list[str]],
) -> None:
    path, texts = planted
    labels = pl.read_csv(path).get_column("topic").to_list()
    # no minimum, no redaction: the planted names are learnt
    everything = train_model(texts, labels, seed=0, min_ngram_contacts=1)
    words, chars = _vocabularies(everything.pipeline)
    rare_words, rare_chars = _rare_grams(RARE, texts, everything.pipeline)
    assert {"quartermain", "zebedee quartermain", "rosewhistle cottage"} <= rare_words <= words
    assert rare_chars <= chars
    # the minimum, no redaction: the e-mail in five contacts is still learnt
    unredacted = train_model(texts, labels, seed=0)
    words, chars = _vocabularies(unredacted.pipeline)
    assert "quiverstone" in words
    rare_words, rare_chars = _rare_grams(RARE, texts, unredacted.pipeline)
    assert rare_words and not rare_words & words
    assert rare_chars and not rare_chars & chars
