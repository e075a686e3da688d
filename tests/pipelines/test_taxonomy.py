"""The taxonomy loader: the packaged file, and clear errors for malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.contract import UNCLASSIFIED
from pipelines.taxonomy import TaxonomyError, load_taxonomy


def _topic(topic_id: str, codes: list[str], **overrides: object) -> dict[str, object]:
    topic: dict[str, object] = {
        "id": topic_id,
        "name": topic_id.replace("_", " ").title(),
        "service_area": "Waste and recycling",
        "lgsl": None,
        "description": "A test topic.",
        "safeguarding": False,
        "wrap_up_codes": codes,
        "examples": ["an example"],
    }
    topic.update(overrides)
    return topic


def _write(tmp_path: Path, topics: list[dict[str, object]]) -> Path:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "topics": topics}))
    return path


def test_default_taxonomy_loads_with_realistic_council_topics() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.topics) >= 25
    assert len(set(taxonomy.ids)) == len(taxonomy.ids)
    assert UNCLASSIFIED not in taxonomy.by_id
    for expected in ("council_tax_bill", "missed_bin", "homelessness", "blue_badge", "potholes"):
        assert expected in taxonomy.by_id
    assert taxonomy.safeguarding_ids() >= {
        "homelessness",
        "adult_social_care",
        "childrens_safeguarding",
    }
    assert "missed_bin" not in taxonomy.safeguarding_ids()
    for topic in taxonomy.topics:
        assert topic.name and topic.service_area and topic.description, topic.id
        assert topic.wrap_up_codes and topic.examples, topic.id
        assert topic.lgsl is None or (isinstance(topic.lgsl, int) and topic.lgsl > 0), topic.id
    codes = taxonomy.wrap_up_code_map()
    assert codes["WASTE - Missed Bin"] == "missed_bin"
    assert len(codes) == sum(len(t.wrap_up_codes) for t in taxonomy.topics)
    assert taxonomy.by_id["council_tax_bill"].lgsl == 57


def test_topic_for_code_ignores_case_and_spaces() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.topic_for_code("  waste - missed bin ") == "missed_bin"
    assert taxonomy.topic_for_code("GEN - General Enquiry") is None
    assert taxonomy.topic_for_code(None) is None


def test_a_council_file_loads_from_a_path(tmp_path: Path) -> None:
    path = _write(tmp_path, [_topic("missed_bin", ["Missed"]), _topic("bulky", ["Bulky"])])
    taxonomy = load_taxonomy(path)
    assert taxonomy.ids == ["missed_bin", "bulky"]
    assert taxonomy.path == path
    assert taxonomy.wrap_up_code_map() == {"Missed": "missed_bin", "Bulky": "bulky"}


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ([_topic("a", ["A"]), _topic("a", ["B"])], "duplicate topic id 'a'"),
        ([_topic("a", ["Code"]), _topic("b", ["CODE"])], "mapped to two topics"),
        ([{k: v for k, v in _topic("a", ["A"]).items() if k != "name"}], r"\['name'\]"),
        ([{k: v for k, v in _topic("a", ["A"]).items() if k != "lgsl"}], "lgsl: null"),
        ([_topic(UNCLASSIFIED, ["A"])], "reserved"),
        ([_topic("Bad Id", ["A"])], "snake_case"),
        ([_topic("a", ["A"], lgsl="57")], "lgsl must be"),
        ([_topic("a", ["A"], safeguarding="yes")], "safeguarding must be"),
        ([_topic("a", "A single string")], "list of strings"),
        ([], "empty"),
    ],
)
def test_malformed_files_fail_clearly(
    tmp_path: Path, topics: list[dict[str, object]], message: str
) -> None:
    path = _write(tmp_path, topics)
    with pytest.raises(TaxonomyError, match=message) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value)


def test_missing_and_unparseable_files_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("topics: [\n  - id: a\n    name: : :\n")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(broken)
    not_a_mapping = tmp_path / "list.yaml"
    not_a_mapping.write_text("- just\n- a list\n")
    with pytest.raises(TaxonomyError, match="'topics' list"):
        load_taxonomy(not_a_mapping)
