"""Personal data: redaction of resident text, keyed caller pseudonyms, and safeguarding markers.

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.privacy.names import word_class
from pipelines.privacy.names_lower import redact_name_words
from pipelines.privacy.pseudonymise import pseudonymise_column
from pipelines.privacy.redact import (
    load_extra_patterns,
    redact_series,
    redact_text_column,
    redact_texts,
)
from pipelines.privacy.safeguarding import vulnerability_flag_expr

__all__ = [
    "load_extra_patterns",
    "pseudonymise_column",
    "redact_series",
    "redact_text_column",
    "redact_name_words",
    "redact_texts",
    "vulnerability_flag_expr",
    "word_class",
]
