"""Ingest: read export files, map them to the contact contract, reject bad rows with a reason,
redact and pseudonymise, and append to ``raw.*``; the landing location and quarantine.

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.ingest.files import IngestError, IngestReport, ingest_paths
from pipelines.ingest.landing import (
    LandingReport,
    ingest_landing,
    landing_url,
    list_landing,
    pending_landing,
)
from pipelines.ingest.mapping import Mapping, resolve_mapping
from pipelines.ingest.readers import decode

__all__ = [
    "IngestError",
    "IngestReport",
    "LandingReport",
    "Mapping",
    "decode",
    "ingest_landing",
    "ingest_paths",
    "landing_url",
    "list_landing",
    "pending_landing",
    "resolve_mapping",
]
