from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.mapping import MappingError, detect_mapping, load_presets, parse_mapping


def test_presets_load_and_cover_each_format() -> None:
    presets = load_presets()
    assert {m.format for m in presets} >= {"csv", "jsonl", "parquet"}
    assert len({m.name for m in presets}) == len(presets)


def test_detect_mapping_by_file_name() -> None:
    presets = load_presets()
    for preset in presets:
        if preset.file_pattern is None:  # chosen by name only (amazon_connect_contact_lens)
            continue
        example = Path(preset.file_pattern.replace("*", "2026-W10"))
        assert detect_mapping(example, presets).name == preset.name
    with pytest.raises(MappingError, match="no mapping matches"):
        detect_mapping(Path("unknown_export.xlsx"), presets)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "format": "csv",
                "columns": {"contact_id": "a", "started_at": "b"},
                "constants": {"channel": "phone"},
            },
            "missing required key 'name'",
        ),
        ({"name": "x", "format": "xlsx"}, "format 'xlsx'"),
        (
            {"name": "x", "format": "csv", "columns": {"contact_id": "a", "colour": "b"}},
            "unknown contract field",
        ),
        ({"name": "x", "format": "csv", "columns": {"contact_id": "a"}}, "'started_at'"),
        (
            {
                "name": "x",
                "format": "csv",
                "columns": {"contact_id": "a", "started_at": "b"},
                "constants": {"channel": "pigeon"},
            },
            "not contract values",
        ),
    ],
)
def test_bad_mappings_are_explained(data: dict, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        parse_mapping(data, "test.yaml")
