"""Model cards (Mitchell et al., "Model Cards for Model Reporting", 2019): ``model_card.md``
beside each promoted model's ``model.json``, written when the model is promoted
(:func:`pipelines.topics.registry.promote_if_not_worse`), and printed by
``contact-topics governance model-card``.

Sections: model details; intended use; out-of-scope uses; training data; evaluation data;
figures per topic; threshold and unclassified rate; the safeguarding guardrail; the version it
replaced, with the comparison; known limits. Every figure is read from ``model.json`` and the
promotion decision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.governance.facts import MODEL_TYPE, read_model
from pipelines.settings import Settings

CARD_FILE = "model_card.md"


def _pct(value: object) -> str:
    return f"{float(value):.3f}" if isinstance(value, int | float) else "n/a"


WAREHOUSE_LABELS = (
    "labels from wrap-up codes mapped to topics and analysts' reviewed labels; texts redacted "
    "before storage"
)


def render_card(
    meta: dict[str, Any],
    decision: dict[str, Any] | None,
    safeguarding: list[str] | None,
    training_source: str = WAREHOUSE_LABELS,
) -> str:
    """The card's Markdown. ``safeguarding`` None: the model was not trained on the deployment's
    taxonomy (``train --input``), so which of its labels are safeguarding topics is not known.
    ``training_source`` says where the labels and texts came from."""
    metrics = meta.get("metrics", {})
    min_contacts = metrics.get("min_ngram_contacts")
    per_topic = metrics.get("per_topic", {})
    lines = [
        f"# Model card: topic model {meta['version']}",
        "",
        "## Model details",
        f"- Type: {MODEL_TYPE}",
        f"- Version: {meta['version']}; trained {meta.get('created_at')}; scikit-learn "
        f"{meta.get('sklearn_version')}; seed {meta.get('seed')}",
        f"- Training data fingerprint: {meta.get('training_fingerprint')}",
        "",
        "## Intended use",
        "Giving each contact-centre contact (call note, web chat, case) one service topic, so "
        "that weekly counts per topic, trends and automation candidates can be published for "
        "service managers. Counts and shares over many contacts, not single contacts, are the "
        "intended output.",
        "",
        "## Out-of-scope uses",
        "- Any decision about an individual resident (eligibility, priority, enforcement, "
        "routing a vulnerable resident away from a person).",
        "- Detecting safeguarding risk: that is the lexicon flag's job (below), not this model's.",
        "- Texts from other organisations or languages, or topics not in the taxonomy.",
        "",
        "## Training data",
        f"- {meta.get('n_train', 0):,} labelled contacts ({metrics.get('n_train_split', 'n/a')} "
        f"in the training split), {len(meta.get('labels', []))} topics; {training_source}.",
        "- Vocabulary: "
        + (
            f"only words and character n-grams found in at least {min_contacts} training "
            "contacts (rarer ones, most often names and addresses, are left out)."
            if min_contacts
            else "not recorded (a model trained before the minimum was set)."
        ),
        f"- Topics left out (fewer than 2 examples): "
        f"{', '.join(sorted(meta.get('dropped_labels', {}))) or 'none'}",
        "",
        "## Evaluation data",
        f"- {metrics.get('n_heldout', 0):,} held-out contacts (a stratified "
        f"{_pct(metrics.get('test_size'))} of the labelled data). The same method is fitted on "
        "the rest and scored on them; the model in use is then refitted on all the labelled "
        "contacts, so its own figures on new data are not measured here.",
        f"- Accuracy {_pct(metrics.get('accuracy'))}; macro-F1 {_pct(metrics.get('macro_f1'))}; "
        f"accuracy when classified {_pct(metrics.get('accuracy_when_classified'))}.",
        "",
        "## Figures per topic (held out)",
        "| topic | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for topic, row in sorted(per_topic.items()):
        lines.append(
            f"| {topic} | {_pct(row.get('precision'))} | {_pct(row.get('recall'))} | "
            f"{_pct(row.get('f1'))} | {row.get('support', 0)} |"
        )
    lines += [
        "",
        "## Threshold and unclassified rate",
        f"- Confidence threshold {_pct(meta.get('threshold'))} "
        f"({metrics.get('threshold_rule', 'chosen on held-out data')}); below it a contact is "
        "'unclassified' and goes to topic discovery.",
        f"- Unclassified rate on the held-out contacts: {_pct(metrics.get('unclassified_rate'))}.",
        "",
        "## Safeguarding guardrail",
        "Every contact is checked against the safeguarding lexicon at ingest, before redaction, "
        "and carries the flag. Safeguarding topics are never ranked as automation candidates, "
        "nor is a topic whose share of flagged contacts is above 10% with 95% confidence "
        "(automation_candidates). "
        + (
            f"Safeguarding topics in the taxonomy: {', '.join(safeguarding) or 'none'}."
            if safeguarding is not None
            else "This model was trained from a file, not on the deployment's taxonomy: which "
            "of its labels are safeguarding topics is not known here."
        ),
        "",
        "## Version replaced and comparison",
    ]
    if decision is None:
        lines.append("- No promotion decision recorded for this model.")
    else:
        lines += [
            f"- Replaced: {decision.get('previous_version') or 'none (first model)'}",
            f"- Compared on {decision.get('compared_texts', 'n/a')} held-out texts new to the "
            f"replaced model: macro-F1 {_pct(decision.get('challenger_macro_f1'))} against "
            f"{_pct(decision.get('current_macro_f1'))}",
            f"- Decision: {decision.get('reason')}",
        ]
    confused = metrics.get("top_confused_pairs", [])[:5]
    lines += [
        "",
        "## Known limits",
        "- Held-out figures come from the same sources and period as the training data; new "
        "services, seasons or wording lower them until the model is retrained.",
        "- Labels from wrap-up codes are as good as the agents' coding.",
        "- Topics with little support have unreliable per-topic figures (see the table).",
        f"- Most confused pairs: {confused or 'none recorded'}",
    ]
    return "\n".join(lines) + "\n"


def write_model_card(
    model_dir: Path,
    decision: dict[str, Any] | None,
    safeguarding: list[str] | None,
    training_source: str = WAREHOUSE_LABELS,
) -> Path:
    """Write ``model_card.md`` beside ``model.json`` (temporary name, then renamed)."""
    target = Path(model_dir) / CARD_FILE
    tmp = target.with_suffix(".md.tmp")
    card = render_card(read_model(model_dir), decision, safeguarding, training_source)
    tmp.write_text(card, encoding="utf-8")
    tmp.replace(target)
    return target


def model_card_text(settings: Settings, model_dir: Path | None = None) -> str:
    """The card of ``model_dir`` (default: the current model): its file, else built now."""
    from pipelines.taxonomy import load_taxonomy
    from pipelines.topics.registry import current_model_folder

    folder = Path(model_dir) if model_dir else current_model_folder(settings.models_dir)
    card = folder / CARD_FILE
    if card.is_file():
        return card.read_text(encoding="utf-8")
    meta = read_model(folder)
    decision = None
    if settings.warehouse_path.exists():
        from pipelines.warehouse import open_warehouse

        with open_warehouse(settings.warehouse_path, read_only=True) as con:
            cursor = con.execute(
                "select previous_version, compared_texts, compared_macro_f1 as challenger_macro_f1,"
                " previous_compared_macro_f1 as current_macro_f1, reason "
                "from ml.topic_model_history where version = ? order by decided_at desc limit 1",
                [meta["version"]],
            )
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            decision = dict(zip(names, rows[0], strict=True)) if rows else None
    safeguarding = [t.id for t in load_taxonomy(settings.taxonomy_file).topics if t.safeguarding]
    return render_card(meta, decision, safeguarding)
