"""Bot export: clean residents' phrasings, slots, each format written and validated, the CLI."""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines.cli.main import main
from pipelines.discovery.phrasings import clean_phrasings, rejection_reason, resident_words
from pipelines.export import BotExportError, BotIntent, load_bot_intents, write_bot_export
from pipelines.export.bot_formats import validate_csv, validate_lex_zip, validate_rasa
from pipelines.export.bot_intents import slots_needed, to_utterance
from pipelines.settings import Settings
from pipelines.taxonomy import load_taxonomy


def test_agent_lines_cut_off_text_and_placeholders_are_not_phrasings() -> None:
    chat = "Visitor: my bin was not emptied this week\nAgent: Thanks, let me look into that"
    assert resident_words(chat) == "My bin was not emptied this week"
    assert resident_words("Dear Sir/Madam, my bin was missed. Thanks") == "My bin was missed"
    assert rejection_reason("cust rang re missed bin, adv next week") == "agent shorthand"
    assert rejection_reason("my bin was not emptied and the") == "cut off"
    assert rejection_reason("my bin was not emptied on the road where i…") == "cut off"
    assert rejection_reason("[NAME] [NAME] [PHONE] bin") == "placeholder-heavy"
    assert rejection_reason("cust rang re missed bin", resident_only=False) is None
    kept = clean_phrasings(
        [
            chat,
            "my bin was not emptied this week please",  # near-copy of the first
            "the recycling lorry missed our street again",
            "my partner hit me last night and my bin was not emptied",  # safeguarding sign
            None,
        ],
        10,
    )
    assert kept == [
        "My bin was not emptied this week",
        "The recycling lorry missed our street again",
    ]


def test_placeholders_become_slots_or_the_utterance_is_dropped() -> None:
    assert to_utterance("my postcode is [POSTCODE] and ref [REFERENCE]") == (
        "my postcode is {postcode} and ref {reference_number}"
    )
    assert to_utterance("please call [NAME] back") is None
    assert slots_needed(["bin at {postcode}", "missed on monday"]) == ("postcode", "date")


def _intent(utterances: tuple[str, ...], slots: tuple[str, ...] = ()) -> BotIntent:
    return BotIntent("missed_bin", "Missed bins", "Missed bins (#1)", utterances, slots, 1,
                     120, 10.0, 25.5, 0.8, "2026-03-02 to 2026-03-29")  # fmt: skip


@pytest.mark.parametrize("fmt", ["lex_v2", "rasa", "csv"])
def test_each_format_is_written_and_validated(fmt: str, tmp_path: Path) -> None:
    utterances = tuple(f"my bin at {{postcode}} was missed {n} times" for n in range(10))
    path = write_bot_export([_intent(utterances, ("postcode",))], tmp_path, fmt)
    assert (tmp_path / "handover.md").read_text().count("Hand back to a person") == 1
    if fmt == "lex_v2":
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            intent = json.loads(
                archive.read("ContactTopicsBot/BotLocales/en_GB/Intents/missed_bin/Intent.json")
            )
        assert "manifest.json" in names
        assert (
            "ContactTopicsBot/BotLocales/en_GB/Intents/missed_bin/Slots/postcode/Slot.json" in names
        )
        assert len(intent["sampleUtterances"]) == 10
    elif fmt == "rasa":
        data = yaml.safe_load(path.read_text())
        assert data["nlu"][0]["examples"].startswith("- my bin at [SW1A 1AA](postcode) was")
    else:
        rows = pl.read_csv(path)
        assert rows.columns == ["intent", "utterance", "slots"] and rows.height == 10


def test_validators_refuse_broken_files(tmp_path: Path) -> None:
    lex = tmp_path / "bot.zip"
    with zipfile.ZipFile(lex, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"metadata": {"schemaVersion": "1.0"}}))
        archive.writestr("ContactTopicsBot/Bot.json", "{}")
    with pytest.raises(BotExportError, match="manifest.json"):
        validate_lex_zip(lex)
    rasa = tmp_path / "nlu.yml"
    rasa.write_text('version: "3.1"\nnlu:\n- intent: a\n  examples: "- [broken\\n"\n')
    with pytest.raises(BotExportError, match="bad example line"):
        validate_rasa(rasa)
    table = tmp_path / "b.csv"
    table.write_text("intent,text\n")
    with pytest.raises(BotExportError, match="header"):
        validate_csv(table)
    with pytest.raises(BotExportError, match="supported: lex_v2, rasa, csv"):
        write_bot_export([_intent(("a b c",))], tmp_path, "dialogflow")


@pytest.fixture(scope="module")
def pipeline_workdir(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from pipelines.generator import generate
    from pipelines.steps import run_pipeline

    root = tmp_path_factory.mktemp("bot-demo")
    settings = Settings.from_env(workdir=root / "work")
    settings.ensure_dirs()
    generate(settings.landing_dir, weeks=4, per_week=600, seed=13, start=date(2026, 3, 2),
             truth_dir=root / "ground_truth")  # fmt: skip
    run_pipeline(settings)
    return settings


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["lex_v2", "rasa", "csv"])
def test_cli_exports_top_candidates_from_the_warehouse(
    pipeline_workdir: Settings, fmt: str, tmp_path: Path
) -> None:
    out = tmp_path / fmt
    code = main(["bot", "export", "--format", fmt, "--top", "5", "--output", str(out),
                 "--workdir", str(pipeline_workdir.workdir)])  # fmt: skip
    assert code == 0
    intents, left_out = load_bot_intents(pipeline_workdir.warehouse_path, top=5)
    assert len(intents) + len(left_out) == 5 and intents
    safeguarding = load_taxonomy().safeguarding_ids()
    personal = pl.read_csv(
        pipeline_workdir.workdir.parent / "ground_truth" / "personal_data.csv", infer_schema=False
    )
    values = [v for v in personal.to_series(personal.width - 1).to_list() if v and len(v) > 5]
    exported = "\n".join(
        p.read_text(errors="replace") for p in out.rglob("*") if p.suffix in (".yml", ".csv", ".md")
    )
    for intent in intents:
        assert intent.topic_id not in safeguarding
        assert 10 <= len(intent.utterances) <= 30
        assert len(set(intent.utterances)) == len(intent.utterances)
        for utterance in intent.utterances:
            assert "[" not in utterance and "Agent" not in utterance, utterance
            assert rejection_reason(utterance.replace("{", "").replace("}", "")) is None
    assert not [v for v in values if v in exported]


def test_cli_names_the_supported_formats(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        code = main(["bot", "export", "--format", "dialogflow", "--output", str(tmp_path),
                     "--workdir", str(tmp_path / "w")])  # fmt: skip
    assert code == 1
    assert "supported: lex_v2, rasa, csv" in caplog.text
