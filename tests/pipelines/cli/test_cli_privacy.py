"""``contact-topics redact``: a file in, the same file with one column redacted out, counts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.cli.privacy import RedactFileError, redact_file

ROWS = {
    "id": ["1", "2", "3", "4"],
    "notes": [
        "call me on 07700 900123, I live at SW1A 1AA",
        '=HYPERLINK("http://evil.example","x")',
        "bin 3 missed, flat 12, paid £45.50 in week 14",
        None,
    ],
}


def redact(source: Path, column: str, target: Path, *extra: str) -> int:
    return main(
        ["redact", "--input", str(source), "--text-column", column, "--output", str(target), *extra]
    )


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_redact_command_writes_the_file_and_prints_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    source = tmp_path / f"in{suffix}"
    frame = pl.DataFrame(ROWS)
    {".csv": frame.write_csv, ".jsonl": frame.write_ndjson, ".parquet": frame.write_parquet}[
        suffix
    ](source)
    target = tmp_path / f"out{suffix}"
    code = redact(source, "notes", target)
    out = capsys.readouterr().out
    assert code == 0
    assert "[PHONE]" in out and "total" in out
    counts = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.startswith("[")}
    assert (counts["[PHONE]"], counts["[POSTCODE]"], counts["[URL]"], counts["[EMAIL]"]) == (
        "1",
        "1",
        "1",
        "0",
    )
    result = {
        ".csv": lambda p: pl.read_csv(p, infer_schema=False),
        ".jsonl": pl.read_ndjson,
        ".parquet": pl.read_parquet,
    }[suffix](target)
    assert result.columns == ["id", "notes", "vulnerability_flag", "vulnerability_categories"]
    assert [str(v).lower() for v in result["vulnerability_flag"]] == ["false"] * 4
    assert "rows with a safeguarding marker (vulnerability_flag): 0" in out
    notes = result["notes"].to_list()
    assert notes[0] == "call me on [PHONE], I live at [POSTCODE]"
    assert notes[2] == ROWS["notes"][2] and notes[3] is None
    formula = '=HYPERLINK("[URL]","x")'
    assert notes[1] == ("'" + formula if suffix == ".csv" else formula)
    assert not list(tmp_path.glob("*.tmp"))


def test_redact_command_errors_are_clear(tmp_path: Path, caplog) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame(ROWS).write_csv(source)
    assert redact(source, "text", tmp_path / "o.csv") == 1
    assert "no column 'text'" in caplog.text
    assert redact(source, "notes", source) == 1
    assert "must differ" in caplog.text
    assert not (tmp_path / "o.csv").exists()


def test_extra_patterns_from_the_command_line(tmp_path: Path, capsys) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame({"notes": ["planning 24/01234/FUL"]}).write_csv(source)
    target = tmp_path / "out.csv"
    pattern = r"PLANNING_REF=\b\d{2}/\d{5}/[A-Z]{2,4}\b"
    assert redact(source, "notes", target, "--pattern", pattern) == 0
    assert pl.read_csv(target)["notes"].to_list() == ["planning [PLANNING_REF]"]
    assert "[PLANNING_REF]" in capsys.readouterr().out


def test_redact_adds_vulnerability_flag_and_categories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14: a file can be checked for disclosures with no warehouse. The flag is read from
    the original text (before redaction), and an ordinary trap stays unflagged."""
    source = tmp_path / "in.csv"
    pl.DataFrame(
        {
            "notes": [
                "cust disclosed DA, call 07700 900123 only after 6pm",
                "my carer comes every day and needs a parking permit",
                "im behind on the rent and the bailiffs came, i cant cope",
                None,
            ]
        }
    ).write_csv(source)
    target = tmp_path / "out.csv"
    assert redact(source, "notes", target) == 0
    out = capsys.readouterr().out
    result = pl.read_csv(target, infer_schema=False)
    assert result["vulnerability_flag"].to_list() == ["true", "false", "true", "false"]
    categories = [c or "" for c in result["vulnerability_categories"].to_list()]
    assert categories[0] == "domestic_abuse"
    assert categories[1] == "" and categories[3] == ""
    assert set(categories[2].split(";")) == {"debt", "coping"}
    assert result["notes"][0] == "cust disclosed DA, call [PHONE] only after 6pm"
    assert "rows with a safeguarding marker (vulnerability_flag): 2" in out


def test_redact_refuses_to_overwrite_an_existing_flag_column(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame({"notes": ["hello"], "vulnerability_flag": ["x"]}).write_csv(source)
    with pytest.raises(RedactFileError, match="vulnerability_flag"):
        redact_file(source, "notes", tmp_path / "out.csv")
