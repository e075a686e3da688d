"""dbt exposures for the published outputs, and ``dbt docs generate`` with them."""

from __future__ import annotations

import json

import pytest

from pipelines.dbt_runner import run_dbt
from pipelines.publish.outputs import PUBLISHED_TABLES
from pipelines.publish.suppression import SUPPRESSION
from pipelines.settings import Settings

pytestmark = pytest.mark.slow


def test_docs_generate_lists_the_exposures(settings: Settings) -> None:
    result = run_dbt(settings, "docs generate")
    assert (result.target_dir / "index.html").exists()
    assert (result.target_dir / "catalog.json").exists()
    manifest = json.loads((result.target_dir / "manifest.json").read_text(encoding="utf-8"))
    exposures = {item["name"]: item for item in manifest["exposures"].values()}
    assert set(exposures) == {"bi_duckdb_copy", "internal_files", "public_files", "weekly_report"}
    for exposure in exposures.values():
        assert exposure["owner"]["name"], exposure["name"]
        assert exposure["description"].strip(), exposure["name"]

    def models(name: str) -> set[str]:
        return {node.rsplit(".", 1)[-1] for node in exposures[name]["depends_on"]["nodes"]}

    assert models("bi_duckdb_copy") == set(PUBLISHED_TABLES)
    assert models("internal_files") == set(PUBLISHED_TABLES)
    assert models("public_files") == set(SUPPRESSION)  # no contact-level table in public files
