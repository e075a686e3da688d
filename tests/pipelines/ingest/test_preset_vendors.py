"""The vendor presets on samples built from the generator's contacts, end to end.

One ``contact-topics run`` ingests the Amazon Connect CTR sample and the Open311 sample together
(each chosen by its file name) and publishes; the Contact Lens preset (chosen by name) is
ingested alone into a second workdir. Expected values are computed here from the generator's
own telephony CSV and webchat JSON Lines, independently of the presets' paths.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.generator import generate
from pipelines.ingest.vendor_samples import (
    AGENT_TURNS,
    write_connect_sample,
    write_genesys_sample,
    write_open311_sample,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("vendors")
    generate(root / "generated", weeks=1, per_week=40, seed=7, bad_row_rate=0.0)
    landing = root / "landing"
    write_connect_sample(root / "generated", landing)
    write_open311_sample(root / "generated", landing)
    write_genesys_sample(root / "generated", landing)
    run_dir = root / "run"
    assert main(["run", "--workdir", str(run_dir), str(landing)]) == 0
    lens_dir = root / "lens"
    code = main(
        [
            "ingest",
            "--workdir",
            str(lens_dir),
            "--mapping",
            "amazon_connect_contact_lens",
            str(landing / next(landing.glob("connect-ctr*.json")).name),
        ]
    )
    assert code == 0
    return {"generated": root / "generated", "run": run_dir, "lens": lens_dir}


def _query(workdir: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True) as con:
        return con.sql(sql).pl()


def _telephony(samples: dict[str, Path]) -> pl.DataFrame:
    return pl.read_csv(next(samples["generated"].glob("telephony_*.csv")), infer_schema=False)


def _utc(uk: str) -> datetime:
    return datetime.strptime(uk, "%d/%m/%Y %H:%M:%S").replace(tzinfo=LONDON).astimezone(UTC)


def test_every_record_is_stored_and_published(samples: dict[str, Path]) -> None:
    telephony = _telephony(samples)
    chats = pl.read_ndjson(next(samples["generated"].glob("webchat_*.jsonl")))
    manifest = _query(
        samples["run"],
        "select mapping_name, rows_read, rows_stored, rows_rejected from raw.ingest_manifest "
        "order by 1",
    )
    expected_ctr = telephony.height + chats.height
    assert manifest.rows() == [
        ("amazon_connect_ctr", expected_ctr, expected_ctr, 0),
        ("genesys_cloud_conversations", expected_ctr, expected_ctr, 0),
        ("open311_georeport_v2", telephony.height, telephony.height, 0),
    ]
    for table in ("fct_contacts", "topic_weekly_trends", "automation_candidates", "dim_topics"):
        assert _query(samples["run"], f"select count(*) as n from published.{table}")["n"][0] > 0
    published = _query(
        samples["run"],
        "select source_system, count(*) as n from published.fct_contacts group by 1 order by 1",
    )
    assert published.rows() == [
        ("amazon_connect", expected_ctr),
        ("genesys_cloud", expected_ctr),
        ("open311", telephony.height),
    ]


def test_connect_calls_match_the_generator_rows(samples: dict[str, Path]) -> None:
    """Channel, times, queue, wait and handle seconds, wrap-up and outcome, call by call."""
    telephony = _telephony(samples)
    stored = _query(
        samples["run"],
        "select contact_id, channel, started_at, ended_at, queue, wait_seconds, handle_seconds, "
        "wrap_up_code, outcome, caller_pseudonym from raw.contacts "
        "where source_system = 'amazon_connect' and contact_id like 'call-%'",
    )
    by_id = {r["contact_id"]: r for r in stored.iter_rows(named=True)}
    outcomes = {
        "Resolved - FCR": "resolved",
        "Resolved - Info Given": "resolved",
        "Warm Transfer": "transferred",
        "Cold Transfer": "transferred",
        "Escalated to Service": "escalated",
        "Referred to Back Office": "escalated",
        "Callback Booked": "callback",
        "Abandoned in Queue": "abandoned",
    }
    assert len(by_id) == telephony.height
    pseudonyms: dict[str, set[str]] = {}
    for row in telephony.iter_rows(named=True):
        got = by_id[f"call-{row['Call ID']}"]
        assert got["channel"] == "phone"
        assert got["started_at"] == _utc(row["Start Time"])
        assert got["ended_at"] == _utc(row["End Time"])
        assert got["queue"] == row["IVR Option"]
        assert got["wait_seconds"] == int(row["Queue Time (s)"])
        assert got["handle_seconds"] == int(row["Handle Time (s)"])
        assert got["wrap_up_code"] == row["Wrap Code"]
        assert got["outcome"] == outcomes[row["Disposition"]]
        if row["CLI"] is None:  # a withheld number
            assert got["caller_pseudonym"] is None
        else:
            assert row["CLI"] not in got["caller_pseudonym"]
            pseudonyms.setdefault(row["CLI"], set()).add(got["caller_pseudonym"])
    # the same number always gives the same pseudonym; different numbers, different ones
    assert all(len(p) == 1 for p in pseudonyms.values())
    assert len({next(iter(p)) for p in pseudonyms.values()}) == len(pseudonyms)
    chats = _query(
        samples["run"],
        "select distinct channel from raw.contacts where contact_id like 'chat-%'",
    )
    assert chats["channel"].to_list() == ["webchat"]


def test_genesys_calls_match_with_names_from_the_lookups(samples: dict[str, Path]) -> None:
    telephony = _telephony(samples)
    stored = _query(
        samples["run"],
        "select contact_id, channel, started_at, queue, wrap_up_code, wait_seconds, "
        "handle_seconds, outcome from raw.contacts where source_system = 'genesys_cloud'",
    )
    by_id = {r["contact_id"]: r for r in stored.iter_rows(named=True)}
    for row in telephony.iter_rows(named=True):
        got = by_id[f"call-{row['Call ID']}"]
        assert got["channel"] == "phone"
        assert got["started_at"] == _utc(row["Start Time"])
        assert got["queue"] == row["IVR Option"]  # a name from lookups/queues.csv, not an id
        assert got["wrap_up_code"] == row["Wrap Code"]  # the last segment's code, by name
        assert got["wait_seconds"] == int(row["Queue Time (s)"])
        assert got["handle_seconds"] == int(row["Handle Time (s)"])
        assert got["outcome"] == "unknown"
    chats = stored.filter(pl.col("contact_id").str.starts_with("chat-"))
    assert chats.height > 0 and set(chats["channel"]) == {"webchat"}


def test_open311_requests_match(samples: dict[str, Path]) -> None:
    telephony = _telephony(samples)
    stored = _query(
        samples["run"],
        "select contact_id, channel, started_at, queue, wrap_up_code, outcome, text_redacted "
        "from raw.contacts where source_system = 'open311'",
    )
    by_id = {r["contact_id"]: r for r in stored.iter_rows(named=True)}
    closed = {"Resolved - FCR", "Resolved - Info Given"}
    for row in telephony.iter_rows(named=True):
        got = by_id[f"fms-{row['Call ID']}"]
        assert got["channel"] == "web_form"
        assert got["started_at"] == _utc(row["Start Time"])
        assert got["queue"] == row["IVR Option"]
        assert got["wrap_up_code"] == row["Wrap Code"]
        assert got["outcome"] == ("resolved" if row["Disposition"] in closed else "unknown")
        assert got["text_redacted"]
    # the street address (personal data) is never stored
    assert not stored["text_redacted"].str.contains("High Street").any()


def test_contact_lens_text_is_the_customers_turns_redacted(samples: dict[str, Path]) -> None:
    telephony = _telephony(samples)
    stored = _query(
        samples["lens"],
        "select contact_id, text_redacted, redaction_count from raw.contacts "
        "where contact_id like 'call-%'",
    )
    by_id = {r["contact_id"]: r for r in stored.iter_rows(named=True)}
    assert len(by_id) == telephony.height
    for agent_turn in AGENT_TURNS:
        assert not stored["text_redacted"].str.contains(agent_turn, literal=True).any()
    # personal data in the customer's turns is redacted exactly as in any note: the CLI and
    # e-mail addresses the generator wrote into the notes are not in the stored text
    redacted = 0
    for row in telephony.iter_rows(named=True):
        text = by_id[f"call-{row['Call ID']}"]["text_redacted"]
        assert text, row["Call ID"]
        if "@" in (row["Agent Notes"] or ""):
            assert "@" not in text and "[EMAIL]" in text
            redacted += 1
    assert redacted > 0
    assert stored["redaction_count"].sum() > 0
