"""Mapping YAML faults (issue 15): one clear message naming the file and the key, never a
traceback; size and alias caps so a small file cannot use gigabytes."""

from __future__ import annotations

import logging
import tracemalloc
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.ingest.mapping import MappingError, load_mapping_file, resolve_mapping
from pipelines.ingest.mapping_schema import MAX_MAPPING_BYTES
from tests.faults.conftest import call, write_csv

GOOD = """\
name: council_phone
format: csv
file_pattern: "phone_*.csv"
timezone: Europe/London
timestamp_formats: ["%d/%m/%Y %H:%M:%S"]
columns:
  contact_id: "Call ID"
  started_at: "Start Time"
constants:
  channel: phone
values:
  outcome:
    "Resolved - FCR": resolved
"""

# A "billion laughs" document: 9 levels of 9 aliases; yaml.safe_load expands it to 9**9 strings.
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def write(tmp_path: Path, text: str, name: str = "council.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_mapping_loads(tmp_path: Path) -> None:
    mapping = load_mapping_file(write(tmp_path, GOOD))
    assert mapping.name == "council_phone" and mapping.timezone == "Europe/London"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("timezone: Europe/London", "timezone: Europe/Londn", "key 'timezone': 'Europe/Londn'"),
        (
            '    "Resolved - FCR": resolved',
            '    - "Resolved - FCR"\n    - resolved',
            "key 'values.outcome' must be a mapping of source value -> contract value",
        ),
        ("columns:", "colums:", "unknown key 'colums' (did you mean 'columns'?)"),
        ('  started_at: "Start Time"', "  started_at: 3", "key 'columns.started_at' must be"),
        ('  started_at: "Start Time"', '  started_at: ["A", "B"]', "key 'columns.started_at'"),
        ("constants:\n  channel: phone", "constants: [phone]", "key 'constants' must be"),
        ("format: csv", "format: csv\ncsv:\n  delimiter: ';;'", "key 'csv.delimiter'"),
        ("format: csv", 'format: csv\ncsv:\n  quote: "\'"', "unknown key 'csv.quote'"),
        ('["%d/%m/%Y %H:%M:%S"]', '["%d/%m/%Y %H:%M:%Q"]', "uses '%Q', which is not supported"),
        ('["%d/%m/%Y %H:%M:%S"]', '["%H:%M:%S"]', "must give a year"),
        ('["%d/%m/%Y %H:%M:%S"]', "{a: 1}", "key 'timestamp_formats' must be a list"),
        ("name: council_phone", "name: [council, phone]", "key 'name' must be text"),
    ],
    ids=[
        "bad-time-zone",
        "values-list",
        "unknown-key",
        "column-number",
        "column-list",
        "constants-list",
        "long-delimiter",
        "unknown-csv-key",
        "bad-directive",
        "format-without-date",
        "formats-mapping",
        "name-list",
    ],
)
def test_a_bad_mapping_gives_one_message_naming_the_file_and_key(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(MappingError) as caught:
        load_mapping_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message, message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- name: x\n- format: csv\n", "expected a YAML mapping"),
        ("name: x\n  format: [csv\n", "not valid YAML"),
        ("", "expected a YAML mapping"),
    ],
    ids=["top-level-list", "broken-yaml", "empty"],
)
def test_a_mapping_that_is_not_a_yaml_mapping_is_explained(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(MappingError, match=expected):
        load_mapping_file(write(tmp_path, text))


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    """Was: a 520-byte alias bomb used 3 GB of memory in yaml.safe_load."""
    assert len(ALIAS_BOMB) < 600
    path = write(tmp_path, ALIAS_BOMB)
    tracemalloc.start()
    try:
        with pytest.raises(MappingError, match=r"aliases \(\*a\) are not allowed"):
            load_mapping_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2**20, f"refusing the alias bomb allocated {peak:,} bytes"


def test_a_mapping_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    padding = "# " + "x" * 78 + "\n"
    path = write(tmp_path, GOOD + padding * (MAX_MAPPING_BYTES // len(padding) + 1))
    with pytest.raises(MappingError, match="may be at most"):
        load_mapping_file(path)


def test_a_mapping_file_that_is_not_utf8_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "council.yaml"
    path.write_bytes(GOOD.replace("Europe/London", "Europe/London \xff").encode("latin-1"))
    with pytest.raises(MappingError, match="not UTF-8"):
        load_mapping_file(path)


def test_every_preset_passes_the_schema() -> None:
    for name in ("council_telephony", "council_webchat", "council_crm_cases", "boston311"):
        assert resolve_mapping(name).name == name


def test_the_cli_gives_one_line_and_no_traceback_for_a_bad_mapping(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write(tmp_path, GOOD.replace("timezone: Europe/London", "timezone: Mars/Olympus"))
    export = write_csv(tmp_path / "phone_1.csv", [call("M1")])
    with caplog.at_level(logging.ERROR):
        code = main(
            ["ingest", str(export), "--mapping", str(mapping), "--workdir", str(tmp_path / "w")]
        )
    assert code == 1
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "'Mars/Olympus' is not an IANA time zone" in errors[0].message
    assert errors[0].exc_info is None
    assert "Traceback" not in capsys.readouterr().err
