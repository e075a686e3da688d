"""A demo work directory (generated exports, the whole pipeline run once per session).

Tests that change it work on their own copy (:func:`demo_copy`).
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.privacy.pseudonymise import normalise_caller_ref
from pipelines.settings import Settings

CALLER_COLUMNS = {".csv": "CLI", ".jsonl": "visitor", ".parquet": "customer_ref"}


@pytest.fixture(scope="session")
def demo_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.generator import generate
    from pipelines.steps import run_pipeline

    root = tmp_path_factory.mktemp("governance-demo")
    settings = Settings.from_env(workdir=root / "work")
    settings.ensure_dirs()
    generate(
        settings.landing_dir,
        weeks=3,
        per_week=300,
        seed=11,
        start=date(2026, 3, 2),
        truth_dir=root / "ground_truth",
    )
    run_pipeline(settings)
    return settings.workdir


@pytest.fixture
def demo_copy(demo_workdir: Path, tmp_path: Path) -> Settings:
    """Settings for a private copy of the demo work directory (symlinks kept as links)."""
    target = tmp_path / "work"
    shutil.copytree(demo_workdir, target, symlinks=True)
    settings = Settings.from_env(workdir=target)
    return replace(settings, actor="test-dpo")


def caller_refs(landing: Path) -> Counter[str]:
    """How many rows each caller id (normalised) has across the generated export files."""
    counts: Counter[str] = Counter()
    for path in sorted(landing.iterdir()):
        column = CALLER_COLUMNS.get(path.suffix)
        if column is None:
            continue
        if path.suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        elif path.suffix == ".jsonl":
            frame = pl.read_ndjson(path)
        else:
            frame = pl.read_parquet(path)
        values = frame.get_column(column).cast(pl.Utf8).drop_nulls().to_list()
        counts.update(normalise_caller_ref(v) for v in values if v.strip())
    return counts
