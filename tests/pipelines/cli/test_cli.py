"""The command line: exit codes, messages and the files each command leaves behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli.main import build_parser, main
from pipelines.warehouse import open_warehouse


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "generate", "ingest", "run", "train"):
        assert command in out


def test_every_command_has_help() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert all(parser.description or parser.format_help() for parser in sub.choices.values())


def test_generate_then_ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "landing"
    assert (
        main(
            [
                "generate",
                "--weeks",
                "1",
                "--per-week",
                "100",
                "--seed",
                "3",
                "--start",
                "2026-01-05",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".jsonl", ".parquet"]
    assert (tmp_path / "ground_truth" / "ground_truth.csv").exists()
    workdir = tmp_path / "work"
    assert main(["ingest", "--workdir", str(workdir), str(out)]) == 0
    assert "stored" in capsys.readouterr().out
    with open_warehouse(workdir / "warehouse.duckdb", read_only=True) as con:
        assert con.execute("select count(*) from raw.contacts").fetchone()[0] > 50


def test_ingest_of_a_file_no_mapping_fits_fails_with_a_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stray = tmp_path / "notes.csv"
    stray.write_text("a,b\n1,2\n")
    assert main(["ingest", "--workdir", str(tmp_path / "work"), str(stray)]) == 1
    assert "no mapping matches this file name" in caplog.text


def test_generate_rejects_a_start_that_is_not_a_monday(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code = main(
        [
            "generate",
            "--weeks",
            "1",
            "--per-week",
            "10",
            "--start",
            "2026-01-06",
            "--out",
            str(tmp_path / "x"),
        ]
    )
    assert code == 1
    assert "Monday" in caplog.text


def test_missing_path_is_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert main(["ingest", "--workdir", str(tmp_path), str(tmp_path / "nope.csv")]) == 1
    assert "no such file or folder" in caplog.text
