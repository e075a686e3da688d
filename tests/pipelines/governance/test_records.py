"""The ATRS record, dataset cards and model card, filled from the demo work directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.governance.atrs import SECTIONS, write_atrs
from pipelines.governance.council import COUNCIL_FIELDS, TO_COMPLETE, GovernanceConfigError
from pipelines.governance.model_card import CARD_FILE, model_card_text
from pipelines.settings import Settings
from pipelines.topics.registry import current_model_folder
from pipelines.warehouse import open_warehouse

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def demo(demo_workdir: Path) -> Settings:
    """Read-only use of the shared demo work directory."""
    return Settings.from_env(workdir=demo_workdir)


def test_atrs_has_every_section_with_system_facts_and_council_fields_to_complete(
    demo: Settings, tmp_path: Path
) -> None:
    record = write_atrs(demo, None, tmp_path / "atrs.md", tmp_path / "atrs.json")
    text = (tmp_path / "atrs.md").read_text()
    document = json.loads((tmp_path / "atrs.json").read_text())
    assert list(document["sections"]) == list(SECTIONS) and len(SECTIONS) == 7
    for name in SECTIONS:
        assert f"## {name}" in text
    assert document["standard_version"] == "3.0"

    fields = {
        f["field"]: f for rows in document["sections"].values() for f in rows
    }  # last wins for repeated names
    meta = json.loads((current_model_folder(demo.models_dir) / "model.json").read_text())
    with open_warehouse(demo.warehouse_path, read_only=True) as con:
        sources = dict(
            con.execute(
                "select source_system, count(distinct contact_id) from raw.contacts group by 1"
            ).fetchall()
        )
        files = dict(
            con.execute(
                "select source_system, count(*) from raw.ingest_manifest group by 1"
            ).fetchall()
        )
    assert fields["Model version"]["value"] == meta["version"]
    assert f"{meta['n_train']:,} labelled contacts" in fields["Training data"]["value"]
    assert f"{meta['metrics']['n_heldout']:,} held-out" in fields["Held-out figures"]["value"]
    assert f"macro-F1 {meta['metrics']['macro_f1']:.1%}" in fields["Held-out figures"]["value"]
    assert fields["Confidence threshold"]["value"] == f"{meta['threshold']:.3f}"
    for source, contacts in sources.items():
        assert f"{source}: {contacts:,} contacts" in fields["Scope"]["value"]
    assert "childrens_safeguarding" in fields["Topics"]["value"]
    assert "[POSTCODE]" not in text and "POSTCODE" in fields["Personal data processed"]["value"]
    assert f"rejects {demo.retention_rejects_days} days" in fields["Retention"]["value"]
    assert all(
        f["filled_by"] == "system" and f["value"] != TO_COMPLETE
        for f in fields.values()
        if f["filled_by"] == "system"
    )

    council = [
        f for rows in document["sections"].values() for f in rows if f["filled_by"] == "council"
    ]
    assert council and all(f["value"] == TO_COMPLETE for f in council)
    assert len(record.to_complete) == len(council) == len(document["to_complete"])

    cards = {card["name"]: card for card in document["dataset_cards"]}
    assert set(cards) == set(sources)
    for source, card in cards.items():
        assert card["volume"].startswith(f"{sources[source]:,} contacts")
        assert card["files"] == files[source]


def test_council_fields_come_from_governance_yaml(demo: Settings, tmp_path: Path) -> None:
    config = tmp_path / "governance.yaml"
    config.write_text(
        "organisation: Anytown Borough Council\n"
        "dpia_reference: DPIA-2026-014\n"
        "suppliers: [{name: Example Ltd, companies_house_number: '01234567', role: hosting}]\n"
    )
    record = write_atrs(demo, config)
    assert "| Organisation | Anytown Borough Council | council |" in record.markdown
    assert "| Dpia reference | DPIA-2026-014 | council |" in record.markdown
    assert "Example Ltd / 01234567 / hosting" in record.markdown
    assert not any("Organisation" in item for item in record.to_complete)
    assert any("Lawful basis" in item for item in record.to_complete)


def test_the_commented_example_is_valid_and_complete(demo: Settings) -> None:
    example = REPO / "docs" / "governance.example.yaml"
    import yaml

    assert set(yaml.safe_load(example.read_text())) == set(COUNCIL_FIELDS)
    record = write_atrs(demo, example)  # every value empty: everything still to complete
    assert len(record.to_complete) == len(write_atrs(demo, None).to_complete)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("organisation: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("organisaton: typo\n", "unknown key.*organisaton"),
        ("suppliers: Example Ltd\n", "suppliers must be a list"),
        ("phase: {nested: 1}\n", "phase must be text"),
    ],
)
def test_an_invalid_governance_yaml_is_a_clear_error_and_writes_nothing(
    demo: Settings, tmp_path: Path, content: str, message: str
) -> None:
    config = tmp_path / "governance.yaml"
    config.write_text(content)
    with pytest.raises(GovernanceConfigError, match=message):
        write_atrs(demo, config, tmp_path / "atrs.md")
    assert not (tmp_path / "atrs.md").exists()


def test_a_missing_named_governance_yaml_is_an_error(demo: Settings, tmp_path: Path) -> None:
    code = main(
        ["governance", "atrs", "--workdir", str(demo.workdir), "--config",
         str(tmp_path / "nope.yaml"), "--output", str(tmp_path / "atrs.md")]
    )  # fmt: skip
    assert code == 1 and not (tmp_path / "atrs.md").exists()


def test_model_card_has_the_figures_of_the_model_in_use(
    demo: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = current_model_folder(demo.models_dir)
    meta = json.loads((folder / "model.json").read_text())
    assert (folder / CARD_FILE).is_file()  # written when the model was promoted
    assert main(["governance", "model-card", "--workdir", str(demo.workdir)]) == 0
    card = capsys.readouterr().out
    assert card == (folder / CARD_FILE).read_text() + "\n"  # print adds a line end
    for section in (
        "Intended use",
        "Out-of-scope uses",
        "Training data",
        "Evaluation data",
        "Figures per topic",
        "Threshold and unclassified rate",
        "Safeguarding guardrail",
        "Version replaced and comparison",
        "Known limits",
    ):
        assert f"## {section}" in card
    metrics = meta["metrics"]
    assert meta["version"] in card
    assert f"macro-F1 {metrics['macro_f1']:.3f}" in card
    assert f"Confidence threshold {meta['threshold']:.3f}" in card
    assert f"{metrics['unclassified_rate']:.3f}" in card
    for topic, row in metrics["per_topic"].items():
        assert f"| {topic} | {row['precision']:.3f} | {row['recall']:.3f} |" in card
    assert "Replaced: none (first model)" in card


def test_model_card_is_built_for_a_model_without_one(demo: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(current_model_folder(demo.models_dir), folder)
    (folder / CARD_FILE).unlink()
    card = model_card_text(demo, folder)
    meta = json.loads((folder / "model.json").read_text())
    assert f"macro-F1 {meta['metrics']['macro_f1']:.3f}" in card
    assert "Decision: no model in use yet" in card  # from ml.topic_model_history


def test_dpia_inputs_take_facts_from_the_system_and_leave_judgements(
    demo: Settings, tmp_path: Path
) -> None:
    from pipelines.governance.dpia import FOR_COUNCIL, write_dpia

    text, left = write_dpia(demo, None, tmp_path / "dpia.md")
    assert (tmp_path / "dpia.md").read_text() == text
    for section in (
        "Data flow",
        "Categories of personal data",
        "Lawful basis",
        "Retention",
        "Recipients of each output",
        "Risks and the system's controls",
    ):
        assert f"## {section}" in text
    with open_warehouse(demo.warehouse_path, read_only=True) as con:
        rows = con.execute(
            "select source_system, count(distinct contact_id) from raw.contacts group by 1"
        ).fetchall()
        published = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'published'"
        ).fetchall()]  # fmt: skip
    for source, contacts in rows:
        assert f"{source} (" in text and f"{contacts:,} contacts" in text
    assert all(table in text for table in published)
    assert f"| rejects | {demo.retention_rejects_days} days |" in text
    assert "NHS_NUMBER" in text and "HMAC-SHA256" in text
    assert f"Article 6 basis: {TO_COMPLETE}" in text
    assert left == text.count(FOR_COUNCIL) - 1 + text.count(TO_COMPLETE) and left >= 10

    config = tmp_path / "governance.yaml"
    config.write_text("lawful_basis: UK GDPR Article 6(1)(e) public task\n")
    filled, _ = write_dpia(demo, config)
    assert "Article 6 basis: UK GDPR Article 6(1)(e) public task" in filled


def test_atrs_on_a_new_deployment_says_what_is_not_there_yet(tmp_path: Path) -> None:
    settings = Settings.from_env(workdir=tmp_path / "new")
    record = write_atrs(settings)
    assert "no model trained yet" in record.markdown
    assert "no data ingested yet" in record.markdown
    assert record.dataset_cards == []
    assert not settings.warehouse_path.exists()
