"""DPIA inputs: the facts a data protection impact assessment needs, taken from the system.

``contact-topics governance dpia [--output FILE.md]`` writes the data flow, the categories of
personal data, the lawful basis (a placeholder: the council decides it), retention, the
recipients of each output, and the risks with the controls the system has. Judgements
(necessity, proportionality, residual risk, sign-off) are left for the council, marked "for the
council".
"""

from __future__ import annotations

from pathlib import Path

from pipelines.governance.atrs import PUBLISHED_PERSONAL_DATA
from pipelines.governance.council import TO_COMPLETE, council_value, load_council_fields
from pipelines.governance.facts import DeploymentFacts, gather
from pipelines.settings import Settings

FOR_COUNCIL = "for the council"


def render_dpia(facts: DeploymentFacts, answers: dict[str, object], note: str) -> str:
    sources = (
        "\n".join(
            f"- {s.source_system} ({s.file_format}, mapping {s.mapping}): {s.contacts:,} "
            f"contacts {s.first_contact} to {s.last_contact}, {s.rows_rejected:,} rows rejected"
            for s in facts.sources
        )
        or "- no data ingested yet"
    )
    retention = "\n".join(f"| {k} | {v} days |" for k, v in facts.retention_days.items())
    safeguarding = [t["id"] for t in facts.topics if t["safeguarding"]]
    public = "on" if facts.public_files else "off"
    lines = [
        "# DPIA inputs: contact-topics",
        "",
        f"_Facts taken from the running system; judgements marked '{FOR_COUNCIL}'. {note}._",
        "",
        "## Data flow",
        "1. Export files from the contact-centre systems arrive in the landing folder:",
        sources,
        "2. Ingest checks each row; a row that fails is stored redacted in `raw.rejected_rows` "
        "with the reason. For each good row: the safeguarding flag is set from the original "
        "text, the text is redacted, the caller id is replaced by a keyed pseudonym; the "
        "original text and id are then dropped.",
        "3. The warehouse (`warehouse.duckdb`) holds the redacted text, the pseudonym and the "
        "contact's details; the topic model classifies each contact; unclassified contacts are "
        "clustered into themes.",
        "4. Published tables and files go to `published/` for BI tools. " + PUBLISHED_PERSONAL_DATA,
        "",
        "## Categories of personal data",
        "- Contact text written by or about residents, stored redacted: "
        + ", ".join(facts.redaction_types)
        + " are replaced by placeholders. Names without a cue, addresses without a street word "
        "and descriptions of people can remain (docs/privacy.md).",
        "- Caller identifiers (phone number, e-mail, CRM id): stored only as HMAC-SHA256 "
        "pseudonyms with the deployment's key.",
        "- Special category and vulnerability indications: a true/false safeguarding flag per "
        f"contact; safeguarding topics {', '.join(safeguarding) or 'none'}. Redacted text can "
        "still describe health, disability or family circumstances.",
        "- Contact metadata: times, channel, queue, wrap-up code, outcome, handle and wait times.",
        "",
        "## Lawful basis",
        f"- Article 6 basis: {council_value(answers, 'lawful_basis')}",
        f"- Article 9 condition (special category data in text): {FOR_COUNCIL}",
        "",
        "## Retention",
        "| data | kept |",
        "|---|---|",
        retention,
        "| redacted text, pseudonym and reviewers' notes of a stored contact; discovery theme "
        "labels and phrasings | contact_text days from when the contact started (themes: from "
        "the end of their week); its topic, times, channel, outcome and repeat/avoidable flags "
        "are kept (decisions 0019, 0020) |",
        "",
        "## Recipients of each output",
        f"- Published tables {', '.join(facts.published_tables)} (`published/`, "
        "`contact_topics.duckdb`, the week folders' `internal/` files): service managers and "
        "analysts through BI tools.",
        f"- Public files (`weeks/<Monday>/public/`, {public}): counts from 1 to "
        f"{facts.suppression_threshold} suppressed; recipients {FOR_COUNCIL}.",
        "- The warehouse and export files: the data engineers who run the pipeline.",
        f"- Subject-access exports: the requester, via the council's process ({FOR_COUNCIL}).",
        "",
        "## Risks and the system's controls",
        "| risk | control in the system | residual risk |",
        "|---|---|---|",
        f"| identifiers in free text | redaction at ingest; public-file guard | {FOR_COUNCIL} |",
        f"| re-identification of callers | keyed pseudonyms; suppression in public files | "
        f"{FOR_COUNCIL} |",
        "| a vulnerable resident's contact treated as automatable | safeguarding flag; "
        "safeguarding topics and topics with a high flagged share never ranked as "
        f"automation candidates | {FOR_COUNCIL} |",
        f"| wrong topic | confidence threshold; reviewed labels; model card | {FOR_COUNCIL} |",
        "| data kept too long | retention periods, enforced weekly (the DAG's retention task) | "
        f"{FOR_COUNCIL} |",
        f"| rights requests not met | `governance erase`, `governance subject-access`; audit log "
        f"({facts.audit_rows:,} rows) | {FOR_COUNCIL} |",
        "",
        "## For the council",
        f"- DPIA reference: {council_value(answers, 'dpia_reference')}",
        f"- Necessity and proportionality: {FOR_COUNCIL}",
        f"- Consultation (DPO, residents' representatives): {FOR_COUNCIL}",
        f"- Sign-off: {FOR_COUNCIL}",
    ]
    return "\n".join(lines) + "\n"


def write_dpia(
    settings: Settings, config: Path | None = None, output: Path | None = None
) -> tuple[str, int]:
    """(the DPIA inputs as Markdown, how many items are left for the council); written to
    ``output`` when given (nothing on a governance.yaml error)."""
    answers, note = load_council_fields(config, settings.workdir / "governance.yaml")
    text = render_dpia(gather(settings), answers, note)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return text, text.count(FOR_COUNCIL) - 1 + text.count(TO_COMPLETE)
