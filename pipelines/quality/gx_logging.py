"""Quiet Great Expectations' import-time notes at the logger that emits them, and nothing else.

Importing Great Expectations 1.x logs one INFO line per public function it registers ("Skipping
registering function ... because it does not have a class"), from the logger
``great_expectations._docs_decorators``: 214 of the 235 lines of an ingest DAG's ``validate_raw``
log. A filter on that one logger drops those notes below WARNING; its warnings and errors, and
every other logger's records (Great Expectations' own included), pass unchanged.
"""

from __future__ import annotations

import logging

GX_REGISTRATION_LOGGER = "great_expectations._docs_decorators"
"""Logs one INFO line per public function of Great Expectations as it is imported ("Skipping
registering function ... because it does not have a class"): 214 lines, most of a task's log."""


class _SkipRegistrationNotes(logging.Filter):
    """Drops those "Skipping registering function" notes below WARNING; everything else passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or not str(record.msg).startswith(
            "Skipping registering function"
        )


def quiet_gx_import_notes() -> None:
    """Filter the notes at the logger that emits them (idempotent); run before importing GX."""
    logger = logging.getLogger(GX_REGISTRATION_LOGGER)
    if not any(isinstance(f, _SkipRegistrationNotes) for f in logger.filters):
        logger.addFilter(_SkipRegistrationNotes())


quiet_gx_import_notes()  # Great Expectations is imported inside functions, after this
