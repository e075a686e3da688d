"""pipelines/dbt_runner.py: the dbt command it builds, results parsing, and real failures."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines.dbt_runner import (
    DbtError,
    build_dbt_command,
    dbt_dirs,
    dbt_project_dir,
    read_run_results,
    run_dbt,
)
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse


def test_project_dir_holds_the_project_and_its_profile() -> None:
    project = dbt_project_dir()
    assert (project / "dbt_project.yml").is_file()
    assert (project / "profiles.yml").is_file()
    assert "contact_topics" in (project / "profiles.yml").read_text()


def test_command_keeps_dbt_files_under_the_work_directory(tmp_path: Path) -> None:
    settings = Settings(workdir=tmp_path / "work", timezone="Europe/London")
    args = build_dbt_command(
        settings,
        "build",
        select="staging intermediate",
        vars={"as_of_date": "2024-03-31"},
        full_refresh=True,
        exclude="resource_type:unit_test",
    )
    target, logs = dbt_dirs(settings)
    assert target == (tmp_path / "work").resolve() / "dbt" / "target"
    assert logs.parent == target.parent
    assert args[args.index("--target-path") + 1] == str(target)
    assert args[args.index("--log-path") + 1] == str(logs)
    assert args[args.index("--project-dir") + 1] == str(dbt_project_dir())
    select_at = args.index("--select")
    assert args[select_at + 1 : select_at + 3] == ["staging", "intermediate"]
    assert args[args.index("--exclude") + 1] == "resource_type:unit_test"
    variables = json.loads(args[args.index("--vars") + 1])
    assert variables == {
        "timezone": "Europe/London",
        "topic_source": "model",
        "opening_days": None,
        "bank_holiday_region": "england-and-wales",
        "as_of_date": "2024-03-31",
    }
    assert args[-1] == "--full-refresh"
    assert Path(args[0]).name.startswith("dbt")


def test_command_passes_opening_days_and_bank_holiday_region(tmp_path: Path) -> None:
    settings = Settings(
        workdir=tmp_path / "work", opening_days=(1, 2, 3, 4, 5), bank_holiday_region="scotland"
    )
    args = build_dbt_command(settings, "build", select="marts")
    variables = json.loads(args[args.index("--vars") + 1])
    assert variables["opening_days"] == [1, 2, 3, 4, 5]
    assert variables["bank_holiday_region"] == "scotland"


def test_command_splits_two_word_commands_and_rejects_empty(tmp_path: Path) -> None:
    settings = Settings(workdir=tmp_path)
    args = build_dbt_command(settings, "source freshness")
    assert args[2:4] == ["source", "freshness"]
    assert "--select" not in args and "--full-refresh" not in args
    with pytest.raises(ValueError, match="empty"):
        build_dbt_command(settings, "  ")


def test_read_run_results_names_failures(tmp_path: Path) -> None:
    (tmp_path / "run_results.json").write_text(
        json.dumps(
            {
                "results": [
                    {
                        "unique_id": "model.contact_topics.fct_contacts",
                        "status": "success",
                        "execution_time": 0.5,
                        "message": "OK",
                        "failures": None,
                    },
                    {
                        "unique_id": "test.contact_topics.not_null_fct_contacts_topic_id.abc",
                        "status": "fail",
                        "execution_time": 0.1,
                        "message": "Got 3 results",
                        "failures": 3,
                    },
                ]
            }
        )
    )
    nodes = read_run_results(tmp_path)
    assert [node.failed for node in nodes] == [False, True]
    assert nodes[0].resource_type == "model" and nodes[0].name == "fct_contacts"
    assert nodes[1].failures == 3
    assert read_run_results(tmp_path / "missing") == []


@pytest.fixture(scope="module")
def bad_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A warehouse holding one contact on a channel the contract does not know."""
    settings = Settings(workdir=tmp_path_factory.mktemp("bad") / "work")
    long_ago = datetime(2024, 1, 1, tzinfo=UTC)
    with open_warehouse(settings.warehouse_path) as con:
        con.execute(
            "insert into raw.contacts values ('telephony', 'x1', ?, null, 60, 5, "
            "'carrier_pigeon', null, null, 'resolved', null, null, 0, false, null, 'f', 1, ?)",
            [long_ago, long_ago],
        )
    return settings


@pytest.mark.slow
def test_failing_data_test_raises_dbt_error_naming_it(
    bad_warehouse: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pipelines.dbt_runner")
    with pytest.raises(DbtError) as raised:
        run_dbt(bad_warehouse, "build", select="stg_raw__contacts")
    message = str(raised.value)
    assert "accepted_values_stg_raw__contacts_channel" in message
    assert "1 failing node(s)" in message
    assert raised.value.result is not None and not raised.value.result.success
    # dbt's own lines were streamed to logging as they came
    assert any(record.getMessage().startswith("dbt: ") for record in caplog.records)
    # dbt wrote its results into the work directory
    target, _ = dbt_dirs(bad_warehouse)
    assert (target / "run_results.json").exists()


@pytest.mark.slow
def test_freshness_warns_on_old_data_without_failing(bad_warehouse: Settings) -> None:
    result = run_dbt(bad_warehouse, "source freshness")
    assert result.success
    assert [(node.name, node.status) for node in result.nodes] == [("raw.contacts", "warn")]
    assert "days ago" in (result.nodes[0].message or "")
