"""Rights of the data subject: export what is held about one person (Article 15).

The caller id is taken as the source system holds it and pseudonymised as ingest does
(:func:`pipelines.governance.erasure.person_for`); the export holds every stored version of each
of their contacts, with the redacted text, dates, channel and topics.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pipelines.governance import audit
from pipelines.governance.erasure import person_for
from pipelines.settings import Settings
from pipelines.warehouse import fetch_frame, open_warehouse


def subject_access(settings: Settings, caller_id: str, output: Path) -> dict[str, int]:
    """Write what is held about one caller id to ``output`` (.json, or .csv of the contacts)."""
    person = person_for(settings, caller_id)
    with open_warehouse(settings.warehouse_path) as con:
        contacts = fetch_frame(
            con,
            """
            select c.source_system, c.contact_id, c.started_at, c.ended_at, c.updated_at,
                   c.channel, c.queue, c.wrap_up_code, c.outcome, c.text_redacted,
                   c.vulnerability_flag, t.topic_id, t.predicted_topic_id, t.confidence,
                   t.model_version, r.topic_id as reviewed_topic_id
            from raw.contacts as c
            left join ml.contact_topics as t using (source_system, contact_id)
            left join ml.reviewed_topics as r using (source_system, contact_id)
            where c.caller_pseudonym in (select unnest(?))
            order by c.started_at, c.source_system, c.contact_id, c.updated_at
            """,
            [list(person.pseudonyms)],
        )
        counts = {
            "contacts": contacts.select("source_system", "contact_id").n_unique(),
            "rows": contacts.height,
        }
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        if output.suffix.lower() == ".csv":
            contacts.write_csv(output)
        else:
            document = {
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "what": "contacts held for this caller id: texts are stored redacted; the caller "
                "id itself is never stored (a keyed pseudonym is)",
                "contacts": contacts.to_dicts(),
            }
            output.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
        audit.record(con, "subject_access", output.name, counts, audit.current_actor(settings))
    return counts
