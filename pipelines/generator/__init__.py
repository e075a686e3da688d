"""Realistic sample data for contact-topics: a UK council contact centre's exports.

``generate(out_dir, weeks=..., per_week=..., seed=...)`` writes telephony CSV, webchat JSON Lines
and CRM Parquet files per ISO week, plus ground truth for tests (see docs/generator.md).
"""

from pipelines.generator.core import GenerateResult, GeneratorError, default_start, generate

__all__ = ["GenerateResult", "GeneratorError", "default_start", "generate"]
