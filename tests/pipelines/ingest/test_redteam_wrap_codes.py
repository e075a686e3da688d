"""Issue 14, red-team path 1: wrap-up codes and queue names (IVR options) are free text.

Was: with ``--topic-source wrap_up_code`` the wrap code "Mrs Tabitha Throckmorton 07700 900111"
became a topic name in the public ``dim_topics`` and ``topic_weekly_trends``, and sat unredacted
in the internal ``fct_contacts``. Reproduced through real ingest, the taxonomy load and a dbt
build on a temporary DuckDB (one build for the module: every test reads its tables).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipelines.ingest.files import ingest_paths
from pipelines.ingest.mapping import resolve_mapping
from pipelines.settings import Settings
from pipelines.steps import build_marts, build_staging, load_reference_data
from pipelines.warehouse import open_warehouse
from tests.faults.conftest import call, write_csv

PII_CODE = "Mrs Tabitha Throckmorton 07700 900111"
PII_QUEUE = "Tabitha Throckmorton 07700 900111"
DISCLOSURE_CODE = "cust disclosed DA"
# A taxonomy code the redactor's name detector changes ("BEN" -> [NAME]): it must still map.
TAXONOMY_CODE = "BEN - HB/CTS Claim"
ORDINARY_CODE = "Street lighting fault"  # not in the taxonomy: stays a topic of its own
FORBIDDEN = ("tabitha", "throckmorton", "07700", "900111", "disclosed")

pytestmark = pytest.mark.slow  # one dbt build (about 30 s on the 2-core machine)


def _calls() -> list[dict[str, str]]:
    """Two full weeks (Mon 2 - Sun 15 March 2026), 14 contacts of each code a day apart."""
    rows: list[dict[str, str]] = []
    codes = (PII_CODE, DISCLOSURE_CODE, TAXONOMY_CODE, ORDINARY_CODE)
    for number in range(14):
        day = date(2026, 3, 2) + timedelta(days=number)
        stamp = day.strftime("%d/%m/%Y")
        for index, code in enumerate(codes):
            rows.append(
                call(
                    f"W{number}-{index}",
                    **{
                        "Start Time": f"{stamp} 09:0{index}:00",
                        "End Time": f"{stamp} 09:1{index}:00",
                        "Wrap Code": code,
                        "IVR Option": PII_QUEUE if index == 0 else "Council tax",
                        "CLI": f"0770090{number:02d}{index:02d}",
                    },
                )
            )
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("redteam_wrap")
    settings = Settings.from_env(workdir=root / "work", topic_source="wrap_up_code")
    settings.ensure_dirs()
    path = write_csv(root / "telephony_redteam.csv", _calls())
    report = ingest_paths(settings, [path], mapping=resolve_mapping("council_telephony"))
    assert report.total("rows_stored") == 56
    load_reference_data(settings)
    build_staging(settings)
    build_marts(settings, as_of_date=date(2026, 3, 16))
    return settings


def _strings(settings: Settings, sql: str) -> list[str]:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = con.execute(sql).fetchall()
    return [str(value).lower() for row in rows for value in row if value is not None]


def _assert_clean(values: list[str], where: str) -> None:
    leaked = sorted({word for word in FORBIDDEN for value in values if word in value})
    assert not leaked, f"{where} holds {leaked}"


def test_personal_data_in_a_wrap_code_never_becomes_a_public_topic(built: Settings) -> None:
    _assert_clean(_strings(built, "select * from published.dim_topics"), "dim_topics")
    _assert_clean(
        _strings(built, "select * from published.topic_weekly_trends"), "topic_weekly_trends"
    )


def test_wrap_code_and_queue_are_redacted_in_the_warehouse(built: Settings) -> None:
    _assert_clean(
        _strings(built, "select queue, wrap_up_code from published.fct_contacts"),
        "fct_contacts",
    )
    _assert_clean(_strings(built, "select queue, wrap_up_code from raw.contacts"), "raw.contacts")
    codes = set(_strings(built, "select distinct wrap_up_code from raw.contacts"))
    queues = set(_strings(built, "select distinct queue from raw.contacts"))
    assert "mrs [name] [phone]" in codes  # the redacted value, placeholders kept
    assert any("[phone]" in queue for queue in queues)


def test_a_redacted_or_disclosing_code_reports_as_unclassified(built: Settings) -> None:
    with open_warehouse(built.warehouse_path, read_only=True) as con:
        topics = dict(
            con.execute("""
                select contact_id, topic_id from published.fct_contacts
                where contact_id like 'W3-%'
            """).fetchall()
        )
        vulnerable = con.execute(
            "select contact_id, vulnerability_flag from raw.contacts where contact_id like 'W3-%'"
        ).fetchall()
    assert topics["W3-0"] == "unclassified"  # the name + phone code
    assert topics["W3-1"] == "unclassified"  # the disclosure code
    assert topics["W3-2"] == "housing_benefit"  # the taxonomy code the redactor would change
    assert topics["W3-3"] == "street_lighting_fault"  # an ordinary code: its own topic
    # a disclosure typed into a wrap code flags the contact for safeguarding
    assert dict(vulnerable) == {"W3-0": False, "W3-1": True, "W3-2": False, "W3-3": False}
