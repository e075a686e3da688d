"""The Algorithmic Transparency Recording Standard (ATRS) v3.0 record, and a dataset card per
source, filled from the running deployment (:mod:`pipelines.governance.facts`) and, for what
only the council knows, from ``governance.yaml`` (:mod:`pipelines.governance.council`).

Sections as in the ATRS v3.0 template: Metadata and Title Information; Tier 1 - Overview;
Tier 2 - Owner and Responsibility, Description and Rationale, Decision-Making Process, Tool
Specification, Risks, Mitigations and Impact Assessments; optional Dataset cards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.governance.council import TO_COMPLETE, council_value, load_council_fields
from pipelines.governance.facts import MODEL_TYPE, DeploymentFacts, SourceFacts, gather
from pipelines.settings import Settings

TITLE = "contact-topics: topics of residents' contacts with the council's contact centre"
SECTIONS = (
    "Metadata and Title Information",
    "Tier 1 - Overview",
    "Tier 2 - Owner and Responsibility",
    "Tier 2 - Description and Rationale",
    "Tier 2 - Decision-Making Process",
    "Tier 2 - Tool Specification",
    "Tier 2 - Risks, Mitigations and Impact Assessments",
)
SYSTEM, COUNCIL = "system", "council"
PUBLISHED_PERSONAL_DATA = (
    "No published table or file holds a caller id or a pseudonym. Public files hold no free "
    "text (the public-file guard). The internal published tables hold one row per contact "
    "(fct_contacts, no text) and redacted phrasings of residents' contacts "
    "(representative_phrasings in automation_candidates and emerging_topics)."
)


@dataclass
class Record:
    """The record as sections of (field, value, filled by); renders to Markdown and JSON."""

    sections: dict[str, list[tuple[str, str, str]]]
    dataset_cards: list[dict[str, Any]]
    note: str
    markdown: str = ""
    markdown_path: Path | None = None
    json_path: Path | None = None
    to_complete: list[str] = field(default_factory=list)


def _pct(value: object) -> str:
    return f"{float(value):.1%}" if isinstance(value, int | float) else "not known"


def _volumes(facts: DeploymentFacts) -> str:
    if not facts.sources:
        return "no data ingested yet"
    return "; ".join(
        f"{s.source_system}: {s.contacts:,} contacts ({s.first_contact} to {s.last_contact}) "
        f"from {s.files} file(s), {s.rows_rejected:,} row(s) rejected"
        for s in facts.sources
    )


def _model_facts(facts: DeploymentFacts) -> list[tuple[str, str, str]]:
    model = facts.model
    if model is None:
        return [("Model", "no model trained yet: run the pipeline first", SYSTEM)]
    metrics = model.get("metrics", {})
    previous = [h for h in facts.model_history if h["version"] == model["version"]]
    replaced = previous[-1]["previous_version"] if previous else None
    return [
        ("Model type", MODEL_TYPE, SYSTEM),
        ("Model version", str(model["version"]), SYSTEM),
        ("Trained", str(model.get("created_at")), SYSTEM),
        (
            "Training data",
            f"{model.get('n_train', 0):,} labelled contacts (wrap-up codes mapped to topics, "
            f"and {facts.reviewed_labels:,} reviewed labels in the warehouse), "
            f"{model.get('n_labels', len(model.get('labels', [])))} topics",
            SYSTEM,
        ),
        (
            "Held-out figures",
            f"the same method fitted on the training split, scored on "
            f"{metrics.get('n_heldout', 0):,} held-out contacts it had not seen: accuracy "
            f"{_pct(metrics.get('accuracy'))}, macro-F1 {_pct(metrics.get('macro_f1'))}, "
            f"accuracy when classified {_pct(metrics.get('accuracy_when_classified'))} (the "
            "model in use is then refitted on all the labelled contacts)",
            SYSTEM,
        ),
        ("Confidence threshold", f"{model.get('threshold', 0):.3f}", SYSTEM),
        (
            "Unclassified rate",
            f"held-out {_pct(metrics.get('unclassified_rate'))}; in use "
            f"{_pct(facts.unclassified_rate_in_use)} of {facts.contacts_classified:,} contacts",
            SYSTEM,
        ),
        ("Version it replaced", str(replaced or "none (first model)"), SYSTEM),
    ]


def build_record(facts: DeploymentFacts, answers: dict[str, Any], note: str) -> Record:
    c = lambda key: (key.replace("_", " ").capitalize(), council_value(answers, key), COUNCIL)  # noqa: E731
    safeguarding = [t["id"] for t in facts.topics if t["safeguarding"]]
    retention = ", ".join(f"{k} {v} days" for k, v in facts.retention_days.items())
    sections = {
        SECTIONS[0]: [
            ("Title", TITLE, SYSTEM),
            ("Standard version", "ATRS v3.0", SYSTEM),
            ("Record generated", datetime.now(UTC).date().isoformat(), SYSTEM),
            c("organisation"),
            ("Function", "Customer services: the council's contact centre", SYSTEM),
            c("phase"),
            c("geographic_region"),
        ],
        SECTIONS[1]: [
            ("Name", "contact-topics", SYSTEM),
            (
                "Description",
                "Sorts the contact centre's calls, web chats and cases into service topics each "
                "week so that managers can see what residents contact the council about, which "
                "topics are rising, and which simple requests could be handled another way. It "
                "makes no decision about any resident.",
                SYSTEM,
            ),
            c("website"),
            c("contact_email"),
        ],
        SECTIONS[2]: [
            c("organisation"),
            c("team"),
            c("senior_responsible_owner"),
            c("suppliers"),
            c("procurement"),
            c("supplier_data_access"),
        ],
        SECTIONS[3]: [
            (
                "Detailed description",
                "Export files from the contact-centre systems are ingested; residents' words "
                "are redacted and caller ids pseudonymised before anything is stored; a "
                f"classifier gives each contact one of {len(facts.topics)} topics or "
                "'unclassified'; unclassified contacts are clustered into emerging themes; "
                "weekly trend tables and automation candidates are published for BI tools.",
                SYSTEM,
            ),
            ("Scope", f"sources: {_volumes(facts)}", SYSTEM),
            ("Type of algorithm", MODEL_TYPE, SYSTEM),
            c("benefits"),
            c("alternatives_considered"),
        ],
        SECTIONS[4]: [
            (
                "Process integration",
                "Outputs inform service managers' planning. No decision about an individual "
                "resident is made or recommended; contacts are handled by staff as before.",
                SYSTEM,
            ),
            (
                "Provided information",
                f"published tables {', '.join(facts.published_tables)}; public files "
                f"{'on' if facts.public_files else 'off'}, counts from 1 to "
                f"{facts.suppression_threshold} suppressed in them",
                SYSTEM,
            ),
            ("Frequency and scale", f"weekly; {_volumes(facts)}", SYSTEM),
            (
                "Human decisions and review",
                "analysts correct topics (reviewed labels, which win over the model: "
                f"{facts.reviewed_labels:,} held); a person promotes a discovered theme into the "
                "taxonomy; a new model replaces the current one only if not worse on the same "
                "held-out texts, and every decision is in the audit log "
                f"({facts.audit_rows:,} rows); data checkpoints stop publishing on failure",
                SYSTEM,
            ),
            c("staff_training"),
            c("appeals_and_review"),
        ],
        SECTIONS[5]: [
            *_model_facts(facts),
            (
                "Topics",
                f"{len(facts.topics)} topics; safeguarding topics: "
                f"{', '.join(safeguarding) or 'none'}",
                SYSTEM,
            ),
            (
                "Personal data processed",
                "contact text, redacted at ingest ("
                + ", ".join(facts.redaction_types)
                + " replaced by placeholders); caller ids replaced by a keyed HMAC-SHA256 "
                "pseudonym (key "
                + (
                    "from the deployment's secret setting"
                    if facts.pseudonym_key_from_setting
                    else "generated in the work directory: set one in production"
                )
                + "); a safeguarding (vulnerability) flag; contact times, channel, queue, "
                "outcome. " + PUBLISHED_PERSONAL_DATA,
                SYSTEM,
            ),
            ("Retention", retention, SYSTEM),
            c("data_sharing"),
        ],
        SECTIONS[6]: [
            c("dpia_reference"),
            c("lawful_basis"),
            c("other_impact_assessments"),
            (
                "Risks and mitigations",
                "wrong topic -> confidence threshold ('unclassified' below it), reviewed labels, "
                "held-out figures per topic in the model card; personal data in free text -> "
                "redaction before storage, public-file guard; re-identification -> pseudonyms, "
                "small-number suppression; safeguarding -> a flag on every contact from the "
                f"safeguarding lexicon, the {len(safeguarding)} safeguarding topics never ranked "
                "as automation candidates, nor a topic whose share of flagged contacts is above "
                "10% with 95% confidence; model drift -> promotion only if not worse; rights "
                "requests -> erasure and subject-access commands; retention periods enforced "
                "by the weekly run's retention task",
                SYSTEM,
            ),
        ],
    }
    cards = [dataset_card(s, facts) for s in facts.sources]
    record = Record(sections, cards, note)
    record.to_complete = [
        f"{name}: {label}"
        for name, rows in sections.items()
        for label, value, who in rows
        if value == TO_COMPLETE
    ]
    record.markdown = render_markdown(record)
    return record


def dataset_card(source: SourceFacts, facts: DeploymentFacts) -> dict[str, Any]:
    return {
        "name": source.source_system,
        "description": f"contact-centre export ({source.file_format}, mapping {source.mapping})",
        "volume": f"{source.contacts:,} contacts; {source.rows_read:,} rows read, "
        f"{source.rows_stored:,} stored, {source.rows_rejected:,} rejected with reasons",
        "period": f"{source.first_contact} to {source.last_contact}",
        "channels": ", ".join(source.channels),
        "files": source.files,
        "last_ingested": source.last_ingested,
        "personal_data": "redacted text, pseudonymised caller id, safeguarding flag",
        "retention": ", ".join(f"{k} {v} days" for k, v in facts.retention_days.items()),
        "data_owner_and_sharing": TO_COMPLETE,
    }


def render_markdown(record: Record) -> str:
    lines = [f"# Algorithmic transparency record (ATRS v3.0): {TITLE}", "", f"_{record.note}._", ""]
    for name, rows in record.sections.items():
        lines += [f"## {name}", "", "| field | value | filled by |", "|---|---|---|"]
        lines += [f"| {label} | {value.replace('|', '/')} | {who} |" for label, value, who in rows]
        lines.append("")
    lines += ["## Dataset cards", ""]
    for card in record.dataset_cards or [{"name": "none", "description": "no data ingested"}]:
        lines += [f"### {card['name']}", ""]
        lines += [f"- **{k.replace('_', ' ')}**: {v}" for k, v in card.items() if k != "name"]
        lines.append("")
    lines += [f"## To complete ({len(record.to_complete)})", ""]
    lines += [f"- {item}" for item in record.to_complete] or ["- nothing"]
    return "\n".join(lines) + "\n"


def write_atrs(
    settings: Settings,
    config: Path | None = None,
    output: Path | None = None,
    json_output: Path | None = None,
) -> Record:
    """Build the record; write Markdown and/or JSON when asked (nothing on a config error)."""
    answers, note = load_council_fields(config, settings.workdir / "governance.yaml")
    record = build_record(gather(settings), answers, note)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(record.markdown, encoding="utf-8")
        record.markdown_path = output
    if json_output is not None:
        document = {
            "standard": "Algorithmic Transparency Recording Standard",
            "standard_version": "3.0",
            "note": record.note,
            "sections": {
                name: [{"field": f, "value": v, "filled_by": w} for f, v, w in rows]
                for name, rows in record.sections.items()
            },
            "dataset_cards": record.dataset_cards,
            "to_complete": record.to_complete,
        }
        json_output.parent.mkdir(parents=True, exist_ok=True)
        json_output.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
        record.json_path = json_output
    return record
