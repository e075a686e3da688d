"""The contract's values are defined once in Python; dbt and Great Expectations must agree."""

from __future__ import annotations

import json

import yaml

from pipelines.contract import CHANNELS, CONTRACT_FIELDS, OUTCOMES
from pipelines.ingest.mapping import load_presets
from tests.conftest import REPO_ROOT


def _accepted_values(column: str) -> list[list[str]]:
    """Every accepted_values list for ``column`` in the dbt project's YAML files."""
    found = []
    for path in (REPO_ROOT / "dbt_project" / "models").rglob("*.yml"):
        text = yaml.safe_load(path.read_text()) or {}
        tables = [t for s in text.get("sources", []) for t in s.get("tables", [])]
        for node in text.get("models", []) + tables:
            for col in node.get("columns", []):
                if col.get("name") != column:
                    continue
                for test in col.get("data_tests", []) + col.get("tests", []):
                    if isinstance(test, dict) and "accepted_values" in test:
                        spec = test["accepted_values"]
                        found.append(spec.get("arguments", spec)["values"])
    return found


def test_dbt_accepts_exactly_the_contract_values() -> None:
    channels, outcomes = _accepted_values("channel"), _accepted_values("outcome")
    assert channels and outcomes
    for values in channels:
        assert set(values) - {"all"} == set(CHANNELS)
    for values in outcomes:
        assert set(values) == set(OUTCOMES)


def test_the_raw_suite_checks_exactly_the_contract_values() -> None:
    suite = json.loads(
        (REPO_ROOT / "expectations" / "gx" / "expectations" / "raw_contacts.json").read_text()
    )
    value_sets = {
        e["kwargs"]["column"]: set(e["kwargs"]["value_set"])
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set"
    }
    assert value_sets["channel"] == set(CHANNELS)
    assert value_sets["outcome"] == set(OUTCOMES)


def test_presets_map_only_to_contract_fields() -> None:
    for mapping in load_presets():
        assert set(mapping.columns) <= set(CONTRACT_FIELDS), mapping.name
        assert set(mapping.constants) <= set(CONTRACT_FIELDS), mapping.name
