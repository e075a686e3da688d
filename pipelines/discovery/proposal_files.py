"""Write a proposed taxonomy: taxonomy.yaml, assignments.csv and review.html.

``taxonomy.yaml`` is in the project's own taxonomy format (``pipelines.taxonomy``; it loads with
``load_taxonomy``), each topic with the extra keys ``size``, ``cohesion``, ``terms`` and
``merge_candidates``, and a ``proposal`` block before ``topics`` saying how it was made.
``assignments.csv`` has one row per input row: ``row`` (0-based), the *redacted* text under the
input's text column name, ``proposed_topic_id`` and ``proposed_topic_name`` (empty when
unassigned). No other input column is copied: they may hold personal data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from pipelines.discovery.propose import Proposal
from pipelines.discovery.review_page import review_html

PROPOSED_SERVICE_AREA = "Proposed (to review)"
_HEADER = """\
# Proposed taxonomy, written by 'contact-topics taxonomy propose' from unlabelled texts.
# Review before use: rename ids and names, set service_area, description and safeguarding,
# merge topics listed in each other's merge_candidates, delete what is not a topic.
# size, cohesion, terms and merge_candidates are for the review; the loader ignores them.
# Then: contact-topics train --input assignments.csv --text-column ... \\
#           --label-column proposed_topic_id --model-dir DIR   (docs/discovery.md)
"""


def taxonomy_document(proposal: Proposal, source: str, seed: int) -> dict[str, Any]:
    """The YAML document (a mapping) for ``proposal``."""
    topics = [
        {
            "id": topic.topic_id,
            "name": topic.name,
            "service_area": PROPOSED_SERVICE_AREA,
            "lgsl": None,
            "description": topic.description,
            "safeguarding": topic.safeguarding,
            "wrap_up_codes": [],
            "examples": list(topic.examples),
            "size": topic.size,
            "cohesion": topic.cohesion,
            "terms": list(topic.terms),
            "merge_candidates": list(topic.merge_candidates),
        }
        for topic in proposal.topics
    ]
    return {
        "version": 1,
        "proposal": {
            "source": source,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "seed": seed,
            "texts": len(proposal.assignments),
            "topics": len(proposal.topics),
            "k": proposal.chosen_k,
            "k_choice": dict(proposal.k_choice),
            "unassigned": dict(proposal.unassigned),
            "notes": list(proposal.notes),
        },
        "topics": topics,
    }


def write_proposal(
    proposal: Proposal, output_dir: Path, *, source: str, text_column: str, seed: int
) -> dict[str, Path]:
    """Write the three files to ``output_dir`` (created); returns their paths by name."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "taxonomy": output_dir / "taxonomy.yaml",
        "assignments": output_dir / "assignments.csv",
        "review": output_dir / "review.html",
    }
    document = taxonomy_document(proposal, source, seed)
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    paths["taxonomy"].write_text(_HEADER + body, encoding="utf-8")
    names = {topic.topic_id: topic.name for topic in proposal.topics}
    pl.DataFrame(
        {
            "row": list(range(len(proposal.assignments))),
            text_column: proposal.redacted,
            "proposed_topic_id": proposal.assignments,
            "proposed_topic_name": [names.get(a) if a else None for a in proposal.assignments],
        },
        schema={
            "row": pl.Int64,
            text_column: pl.Utf8,
            "proposed_topic_id": pl.Utf8,
            "proposed_topic_name": pl.Utf8,
        },
    ).write_csv(paths["assignments"])
    paths["review"].write_text(review_html(proposal, source), encoding="utf-8")
    return paths
