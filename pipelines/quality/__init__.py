"""Great Expectations checkpoints on the raw and the published data (``expectations/``).

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.quality.checkpoints import (
    ValidationReport,
    ensure_project,
    validate_published,
    validate_raw,
)
from pipelines.quality.gx_logging import quiet_gx_import_notes  # GX is imported later, lazily

__all__ = [
    "ValidationReport",
    "ensure_project",
    "quiet_gx_import_notes",
    "validate_published",
    "validate_raw",
]
