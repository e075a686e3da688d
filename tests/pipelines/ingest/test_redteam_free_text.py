"""Issue 14, red-team path 1 without dbt (fast): what ingest stores for wrap-up codes and queue
names typed by people (the dbt side and the public tables: test_redteam_wrap_codes.py, slow)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.ingest.files import ingest_paths
from pipelines.ingest.free_text import (
    DISCLOSURE_CODE,
    protect_wrap_codes,
    redact_queue,
    taxonomy_codes,
)
from pipelines.ingest.mapping import resolve_mapping
from pipelines.warehouse import open_warehouse
from tests.faults.conftest import call, write_csv

CODES = {
    "Mrs Tabitha Throckmorton 07700 900111": ("Mrs [NAME] [PHONE]", False),
    "cust disclosed DA": (DISCLOSURE_CODE, True),  # a disclosure: never a code, flags the contact
    "BEN - HB/CTS Claim": ("BEN - HB/CTS Claim", False),  # the taxonomy's: kept as written
    " hsg - homelessness ": (" hsg - homelessness ", False),  # the taxonomy's, flagged word
    "Street lighting fault": ("Street lighting fault", False),  # ordinary: unchanged
}


def test_each_kind_of_code_is_stored_as_the_rules_say() -> None:
    codes = pl.Series("wrap_up_code", [*CODES, None], dtype=pl.Utf8)
    stored, discloses = protect_wrap_codes(codes, taxonomy_codes(None), None)
    assert stored.to_list() == [value for value, _ in CODES.values()] + [None]
    assert discloses.to_list() == [flag for _, flag in CODES.values()] + [False]


def test_queue_names_are_redacted() -> None:
    queues = pl.Series("queue", ["Council tax", "Tabitha Throckmorton 07700 900111", None])
    assert redact_queue(queues, None).to_list() == ["Council tax", "[NAME] [PHONE]", None]


def test_ingest_stores_the_protected_codes_and_flags_the_disclosure(
    settings, tmp_path: Path
) -> None:
    rows = [
        call(f"F{n}", Wrap_Code=code, IVR_Option="Mr Priya Patel 07700 900222")
        for n, code in enumerate(CODES)
    ]
    path = write_csv(tmp_path / "telephony_free_text.csv", rows)
    ingest_paths(settings, [path], mapping=resolve_mapping("council_telephony"))
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        stored = con.execute(
            "select wrap_up_code, queue, vulnerability_flag from raw.contacts order by contact_id"
        ).fetchall()
    # ingest strips surrounding spaces before the rules run
    assert [(code, flag) for code, _, flag in stored] == [
        (value.strip(), flag) for value, flag in CODES.values()
    ]
    assert {queue for _, queue, _ in stored} == {"Mr [NAME] [PHONE]"}
