"""A small run of the benchmark: every stage is timed and the JSON holds the agreed keys."""

from __future__ import annotations

import importlib.util
import json
import logging
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


def _benchmark_module():
    spec = importlib.util.spec_from_file_location(
        "benchmark_run", REPO_ROOT / "benchmarks" / "run.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_smoke_run_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    level_before = logging.getLogger("pipelines").level
    assert (
        _benchmark_module().main(
            [
                "--contacts",
                "900",
                "--weeks",
                "3",
                "--json",
                str(out),
                "--workdir",
                str(tmp_path / "work"),
            ]
        )
        == 0
    )
    # main() quietens the pipeline's logging while it runs, and gives it back afterwards
    assert logging.getLogger("pipelines").level == level_before
    result = json.loads(out.read_text())
    for key in ("contacts", "end_to_end_seconds", "floor_seconds", "peak_rss_bytes", "stages"):
        assert key in result
    assert result["contacts"] > 800
    assert set(result["stages"]) >= {
        "ingest_redact",
        "dbt_staging",
        "classify",
        "discover",
        "dbt_marts",
        "published_checkpoint",
        "publish",
    }
    assert all(seconds > 0 for seconds in result["stages"].values())
    # DuckDB skips the few broken JSON lines the generator plants; every other row is counted.
    assert 0.99 * result["contacts"] <= result["floor"]["rows_counted"] <= result["contacts"]
    # the incremental week is one more ordinary week: about contacts / weeks
    assert 200 <= result["incremental"]["new_contacts"] <= 450
    assert result["peak_rss_bytes"] > 50 * 2**20
