"""The contact contract: what every source is mapped to, defined once.

Every other module takes these values from here (ingest's mappings and checks, the Great
Expectations suites, the DAGs' time zone, the classifier's ``unclassified``); the dbt models and
the committed suites in ``expectations/`` repeat them, and tests check that they agree
(``tests/pipelines/quality/test_validate.py``, ``tests/pipelines/test_contract.py``).
Standard library only: the DAG files import it at parse time.
"""

from __future__ import annotations

# The contract's fields, in order (docs/architecture.md, "The contact contract").
CONTRACT_FIELDS = (
    "source_system",
    "contact_id",
    "started_at",
    "ended_at",
    "handle_seconds",
    "wait_seconds",
    "channel",
    "queue",
    "wrap_up_code",
    "outcome",
    "caller_ref",
    "text",
    "updated_at",
)
CHANNELS = ("phone", "webchat", "email", "web_form", "face_to_face", "social", "app", "other")
OUTCOMES = ("resolved", "transferred", "escalated", "callback", "abandoned", "unknown")
# Naive source times are in this zone, and reporting weeks start on its Monday 00:00.
TIMEZONE = "Europe/London"
# The topic of a contact the model is not confident enough to place.
UNCLASSIFIED = "unclassified"
# The export files ingest reads (lower-case suffixes).
SUPPORTED_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet", ".json", ".xml")
