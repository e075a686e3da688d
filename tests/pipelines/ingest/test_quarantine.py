"""Quarantine moves a file with its reason beside it, locally and through an fsspec URL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import fsspec

from pipelines.ingest.quarantine import REASON_SUFFIX, quarantine_file


def test_local_file_moved_with_reason_and_never_overwritten(tmp_path: Path) -> None:
    quarantine = tmp_path / "quarantine"
    for attempt in (1, 2):
        source = tmp_path / "landing" / "telephony_2026-W12.csv"
        source.parent.mkdir(exist_ok=True)
        source.write_text(f"attempt {attempt}\n")
        moved = quarantine_file(
            str(source),
            str(quarantine),
            "missing column 'Call ID'",
            datetime(2026, 3, 16, tzinfo=UTC),
        )
        assert not source.exists()
        assert Path(moved.file).read_text() == f"attempt {attempt}\n"
        reason = Path(moved.reason_file).read_text()
        assert moved.reason_file == moved.file + REASON_SUFFIX
        assert f"file: {source}" in reason and "reason: missing column 'Call ID'" in reason
    names = sorted(p.name for p in quarantine.iterdir())
    assert names == [
        "telephony_2026-W12.20260316T000000000000Z.csv",
        "telephony_2026-W12.20260316T000000000000Z.csv.reason.txt",
        "telephony_2026-W12.csv",
        "telephony_2026-W12.csv.reason.txt",
    ]


def test_fsspec_url_moved_within_its_filesystem() -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("/i6-landing/webchat_2026-W12.jsonl", b"{not json\n")
    moved = quarantine_file(
        "memory://i6-landing/webchat_2026-W12.jsonl", "memory://i6-quarantine", "bad JSON on line 1"
    )
    assert moved.file == "memory:///i6-quarantine/webchat_2026-W12.jsonl"
    assert not fs.exists("/i6-landing/webchat_2026-W12.jsonl")
    assert fs.cat("/i6-quarantine/webchat_2026-W12.jsonl") == b"{not json\n"
    assert b"bad JSON on line 1" in fs.cat("/i6-quarantine/webchat_2026-W12.jsonl.reason.txt")
    fs.rm("/i6-quarantine", recursive=True)
