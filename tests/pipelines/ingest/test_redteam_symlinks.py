"""Issue 14, red-team path 3: ingest never follows a symbolic link out of its folder.

Was: ``contact-topics ingest DIR`` followed a link in DIR to a file outside it, and the
"missing columns" error logged that file's first line as its header. Now a link whose target is
outside the folder the link sits in is refused, naming the link (and where it points), without
opening the target; a link to a file in the same folder is followed (decision in
docs/privacy.md, "Red-team paths"). Opened files are watched with a Python audit hook (every
read of an export goes through Python's ``open``), not a mock.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.ingest.files import ingest_paths
from pipelines.ingest.landing import ingest_landing
from pipelines.ingest.mapping import resolve_mapping
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse
from tests.faults.conftest import call, write_csv

SECRET = "SECRET-LINE api_key=hunter2-do-not-log"
_OPENED: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING and event == "open" and isinstance(args[0], str | Path):
        _OPENED.append(str(Path(str(args[0])).resolve()))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only while _WATCHING


@pytest.fixture
def watch_opens():
    _OPENED.clear()
    _WATCHING.append(True)
    yield _OPENED
    _WATCHING.clear()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the landing folder holding a secret line (named like an export)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    secret = folder / "secret.csv"
    secret.write_text(SECRET + "\n" + SECRET + "\n")
    return secret


@pytest.fixture
def landing(tmp_path: Path, outside: Path) -> Path:
    folder = tmp_path / "landing"
    folder.mkdir()
    write_csv(folder / "telephony_2026-W10.csv", [call("L1"), call("L2")])
    (folder / "telephony_zz_link_out.csv").symlink_to(outside)
    return folder


def _stored_text(settings: Settings) -> str:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = con.execute("""
            select file_path || ' ' || source_system || ' ' || mapping_name
            from raw.ingest_manifest
            union all select reason || coalesce(record_redacted, '') from raw.rejected_rows
            union all select coalesce(text_redacted, '') from raw.contacts
        """).fetchall()
    return "\n".join(r[0] for r in rows)


def test_a_link_out_of_the_folder_is_refused_unread(
    settings: Settings, landing: Path, outside: Path, watch_opens, caplog
) -> None:
    with caplog.at_level(logging.DEBUG):
        report = ingest_paths(settings, [landing], raise_on_failure=False)
    by_name = {f.path.name: f for f in report.files}
    assert by_name["telephony_2026-W10.csv"].status == "ingested"
    refused = by_name["telephony_zz_link_out.csv"]
    assert refused.status == "failed"
    assert "telephony_zz_link_out.csv" in refused.error and "symbolic link" in refused.error
    assert "outside the folder" in refused.error
    assert str(outside.resolve()) not in watch_opens  # never opened
    assert "hunter2" not in refused.error
    assert not [m for m in caplog.messages if "hunter2" in m]
    assert "hunter2" not in _stored_text(settings)


def test_the_cli_refuses_the_link_and_logs_no_content(
    settings: Settings, landing: Path, outside: Path, watch_opens, caplog, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_PSEUDONYM_KEY", "test-key-not-secret")
    with caplog.at_level(logging.DEBUG):
        code = main(["ingest", "--workdir", str(settings.workdir), str(landing)])
    captured = capsys.readouterr()
    assert code == 1  # one file could not be ingested
    assert str(outside.resolve()) not in watch_opens
    assert "telephony_zz_link_out.csv" in caplog.text and "symbolic link" in caplog.text
    assert "hunter2" not in caplog.text + captured.out + captured.err


def test_the_landing_quarantines_the_link_not_its_target(
    tmp_path: Path, landing: Path, outside: Path, watch_opens, caplog
) -> None:
    settings = Settings.from_env(
        workdir=tmp_path / "work", landing_url=str(landing), mapping="council_telephony"
    )
    with caplog.at_level(logging.DEBUG):
        report = ingest_landing(settings)
    assert str(outside.resolve()) not in watch_opens  # before this test reads it below
    assert len(report.new_file_ids) == 1
    [quarantined] = report.quarantined
    reason = Path(quarantined["reason_file"]).read_text()
    assert "telephony_zz_link_out.csv" in reason and "symbolic link" in reason
    assert Path(quarantined["file"]).is_symlink()  # the link moved, not a copy of its target
    assert outside.read_text().startswith(SECRET)  # the target is where it was, untouched
    assert "hunter2" not in reason and "hunter2" not in caplog.text


def test_a_named_file_that_links_out_of_its_folder_is_refused(
    settings: Settings, tmp_path: Path, outside: Path, watch_opens
) -> None:
    (tmp_path / "named").mkdir()
    link = tmp_path / "named" / "telephony_named.csv"
    link.symlink_to(outside)
    report = ingest_paths(
        settings, [link], mapping=resolve_mapping("council_telephony"), raise_on_failure=False
    )
    [refused] = report.failed
    assert "symbolic link" in refused.error and str(outside.resolve()) not in watch_opens


def test_a_link_to_a_file_in_the_same_folder_is_followed(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "inside"
    folder.mkdir()
    real = write_csv(folder / "telephony_2026-W11.csv", [call("I1")])
    (folder / "telephony_latest.csv").symlink_to(real.name)  # relative, inside the folder
    report = ingest_paths(settings, [folder], raise_on_failure=False)
    assert [(f.path.name, f.status) for f in report.files] == [
        ("telephony_2026-W11.csv", "ingested"),
        ("telephony_latest.csv", "skipped"),  # the same content, already stored
    ]


def test_a_broken_link_is_refused_with_its_name(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "telephony_gone.csv").symlink_to(folder / "nowhere.csv")
    report = ingest_paths(settings, [folder], raise_on_failure=False)
    [refused] = report.failed
    assert "telephony_gone.csv" in refused.error and "cannot be followed" in refused.error
