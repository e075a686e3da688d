"""Ingest: every format, idempotence, rejects with reasons, row accounting, no personal data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines.ingest.files import IngestError, ingest_paths
from pipelines.ingest.mapping import load_presets
from pipelines.warehouse import fetch_frame, open_warehouse


def _preset(fmt: str):
    return next(m for m in load_presets() if m.format == fmt and m.name.startswith("council_"))


def _manifest(settings) -> pl.DataFrame:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return fetch_frame(con, "select * from raw.ingest_manifest order by file_path")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_ingest_each_format(settings, small_exports: Path, fmt: str) -> None:
    preset = _preset(fmt)
    files = sorted(p for p in (small_exports / "landing").iterdir() if preset.matches(p))
    assert files, f"the generator wrote no {fmt} files"
    report = ingest_paths(settings, files, raise_on_failure=True)
    assert [f.status for f in report.files] == ["ingested"] * len(files)
    assert report.total("rows_stored") > 0
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        systems = con.execute("select distinct source_system from raw.contacts").fetchall()
        stored = con.execute("select count(*) from raw.contacts").fetchone()[0]
        rejected = con.execute("select count(*) from raw.rejected_rows").fetchone()[0]
    assert systems == [(preset.source_system,)]
    manifest = _manifest(settings)
    assert manifest.height == len(files)
    assert (manifest["rows_read"] == manifest["rows_stored"] + manifest["rows_rejected"]).all()
    assert stored == manifest["rows_stored"].sum()
    assert rejected == manifest["rows_rejected"].sum()


def test_reingest_adds_nothing(settings, small_exports: Path) -> None:
    first = ingest_paths(settings, [small_exports / "landing"])
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        before = con.execute("select count(*) from raw.contacts").fetchone()[0]
    second = ingest_paths(settings, [small_exports / "landing"])
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        after = con.execute("select count(*) from raw.contacts").fetchone()[0]
        manifest_rows = con.execute("select count(*) from raw.ingest_manifest").fetchone()[0]
    assert first.total("rows_stored") == before > 0
    assert {f.status for f in second.files} == {"skipped"}
    assert after == before
    assert manifest_rows == len(first.files)


def test_same_content_under_another_name_is_skipped(
    settings, small_exports: Path, tmp_path: Path
) -> None:
    source = next(p for p in sorted((small_exports / "landing").iterdir()) if p.suffix == ".csv")
    copy = tmp_path / ("renamed_" + source.name)
    shutil.copy(source, copy)
    ingest_paths(settings, [source])
    report = ingest_paths(settings, [copy], mapping=_preset("csv"))
    assert report.files[0].status == "skipped"


def _write_csv(path: Path, rows: list[dict[str, str | None]]) -> None:
    pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).write_csv(path)


def _csv_row(preset, **overrides: str | None) -> dict[str, str | None]:
    values = {
        "contact_id": "C-1",
        "started_at": "02/03/2026 09:00:00",  # the telephony preset's declared format
        "ended_at": "02/03/2026 09:05:00",
        "handle_seconds": "300",
        "wait_seconds": "20",
        "channel": None,
        "queue": "Council tax",
        "wrap_up_code": None,
        "outcome": None,
        "caller_ref": "07700 900123",
        "text": "Cust asked about bill",
        "updated_at": "02/03/2026 09:06:00",
    }
    values.update(overrides)
    row = {column: values.get(field) for field, column in preset.columns.items()}
    for field in ("channel", "outcome"):
        if field in preset.columns:
            known = next(iter(preset.values.get(field, {})), field == "channel" and "phone" or "")
            row[preset.columns[field]] = values[field] or known
    return row


def test_malformed_rows_go_to_rejects_with_reasons(settings, tmp_path: Path) -> None:
    preset = _preset("csv")
    path = tmp_path / "bad.csv"
    _write_csv(
        path,
        [
            _csv_row(preset, contact_id="OK-1"),
            _csv_row(preset, contact_id="BAD-TIME", started_at="32/13/2026 25:61"),
            _csv_row(preset, contact_id="BAD-WAIT", wait_seconds="-5"),
            _csv_row(preset, contact_id=None),
            _csv_row(preset, contact_id="OK-2", text="my email is jo.bloggs@example.com"),
        ],
    )
    report = ingest_paths(settings, [path], mapping=preset)
    result = report.files[0]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (5, 2, 3)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rejects = con.execute(
            "select source_row_number, column_name, reason, record_redacted "
            "from raw.rejected_rows order by source_row_number"
        ).fetchall()
        stored = con.execute(
            "select contact_id, text_redacted from raw.contacts order by contact_id"
        ).fetchall()
    assert [r[0] for r in rejects] == [2, 3, 4]
    assert rejects[0][1] == preset.columns["started_at"]
    assert "not a timestamp" in rejects[0][2] and "row 2" in rejects[0][2]
    assert rejects[1][1] == preset.columns["wait_seconds"] and "negative" in rejects[1][2]
    assert rejects[2][1] == preset.columns["contact_id"] and "empty" in rejects[2][2]
    assert all("07700" not in (r[3] or "") for r in rejects), "caller id leaked into rejects"
    assert [s[0] for s in stored] == ["OK-1", "OK-2"]
    assert "jo.bloggs@example.com" not in stored[1][1]


def test_broken_json_line_is_rejected_not_lost(settings, tmp_path: Path) -> None:
    preset = _preset("jsonl")
    good = {column: None for column in preset.columns.values()}
    good[preset.columns["contact_id"]] = "W-1"
    good[preset.columns["started_at"]] = "2026-03-02T09:00:00+00:00"
    if "channel" in preset.columns:
        good[preset.columns["channel"]] = next(iter(preset.values.get("channel", {"webchat": 1})))
    path = tmp_path / "chat.jsonl"
    path.write_text(
        json.dumps(good)
        + "\n{not json at all\n\n"
        + json.dumps({**good, preset.columns["contact_id"]: "W-2"})
        + "\n"
    )
    result = ingest_paths(settings, [path], mapping=preset).files[0]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (3, 2, 1)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        number, reason = con.execute(
            "select source_row_number, reason from raw.rejected_rows"
        ).fetchone()
    assert number == 2 and "not valid JSON" in reason


def test_file_missing_a_mapped_column_fails_clearly_others_still_load(
    settings, small_exports: Path, tmp_path: Path
) -> None:
    preset = _preset("csv")
    good_file = next(p for p in sorted((small_exports / "landing").iterdir()) if preset.matches(p))
    broken = tmp_path / good_file.name.replace(good_file.stem, good_file.stem + "_broken")
    pl.read_csv(good_file, infer_schema=False).drop(preset.columns["started_at"]).write_csv(broken)
    with pytest.raises(IngestError, match=preset.columns["started_at"]):
        ingest_paths(settings, [broken, good_file], mapping=preset)
    manifest = _manifest(settings)
    assert manifest["file_path"].to_list() == [str(good_file)]


def test_no_personal_data_is_stored(settings, small_exports: Path) -> None:
    ingest_paths(settings, [small_exports / "landing"])
    planted = pl.read_csv(small_exports / "ground_truth" / "personal_data.csv", infer_schema=False)
    values = sorted({v for v in planted["value"].to_list() if v and len(v) >= 5})
    assert len(values) > 20, "the generator planted too little personal data to test"
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        stored = "\n".join(
            str(row[0])
            for row in con.execute(
                "select text_redacted from raw.contacts where text_redacted is not null "
                "union all select record_redacted from raw.rejected_rows"
            ).fetchall()
        )
        pseudonyms = con.execute(
            "select distinct caller_pseudonym from raw.contacts where caller_pseudonym is not null"
        ).fetchall()
    leaked = [v for v in values if v.lower() in stored.lower()]
    assert not leaked, f"personal data survived ingest: {leaked[:10]}"
    assert pseudonyms and all(len(p[0]) == 64 for p in pseudonyms)


def test_council_patterns_from_settings_are_redacted_at_ingest(tmp_path: Path) -> None:
    from pipelines.settings import Settings

    patterns = tmp_path / "patterns.yaml"
    patterns.write_text("REFERENCE: '\\bLBX-\\d{6}\\b'\nPLANNING_REF: '\\b\\d{2}/\\d{5}/FUL\\b'\n")
    settings = Settings.from_env(workdir=tmp_path / "work", redaction_patterns_file=patterns)
    preset = _preset("csv")
    path = tmp_path / "p.csv"
    _write_csv(path, [_csv_row(preset, text="ref LBX-123456 about 24/01234/FUL")])
    ingest_paths(settings, [path], mapping=preset)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        stored = con.execute("select text_redacted, redaction_count from raw.contacts").fetchall()
    assert stored == [("ref [REFERENCE] about [PLANNING_REF]", 2)]


def test_bad_council_pattern_stops_ingest_before_reading(tmp_path: Path) -> None:
    from pipelines.privacy.redact import RedactionError
    from pipelines.settings import Settings

    patterns = tmp_path / "patterns.yaml"
    patterns.write_text("REFERENCE: '(unclosed'\n")
    settings = Settings.from_env(workdir=tmp_path / "work", redaction_patterns_file=patterns)
    with pytest.raises(RedactionError, match="REFERENCE"):
        ingest_paths(settings, [tmp_path], mapping=_preset("csv"))
