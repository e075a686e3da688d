"""The ``open311_georeport_v2_xml`` preset and the XML reader's refusals.

requests.xml and requests.json of the same requests (built from one generated week) must store
the same contacts; a namespaced export, a DTD and a stray record are refused or rejected with
the file and record named. Ingest only (the JSON preset's full run is in
test_preset_vendors.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.cli.main import main
from pipelines.generator import generate
from pipelines.ingest.readers import ReadError
from pipelines.ingest.vendor_samples import write_open311_sample, write_open311_xml_sample
from pipelines.ingest.xml_records import read_xml_records

COLUMNS = "contact_id, channel, started_at, updated_at, queue, wrap_up_code, outcome, text_redacted"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("open311")
    generate(root / "generated", weeks=1, per_week=40, seed=7, bad_row_rate=0.0)
    return root / "generated"


def _stored(workdir: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(f"select {COLUMNS} from raw.contacts order by contact_id").fetchall()


def test_xml_and_json_store_the_same_requests(generated: Path, tmp_path: Path) -> None:
    xml_file = write_open311_xml_sample(generated, tmp_path / "xml")
    json_file = write_open311_sample(generated, tmp_path / "json")
    assert main(["ingest", "--workdir", str(tmp_path / "wx"), str(xml_file)]) == 0
    assert main(["ingest", "--workdir", str(tmp_path / "wj"), str(json_file)]) == 0
    from_xml, from_json = _stored(tmp_path / "wx"), _stored(tmp_path / "wj")
    assert len(from_xml) == 21
    assert from_xml == from_json


def test_unexpected_namespace_is_refused_naming_it(generated: Path, tmp_path: Path) -> None:
    path = write_open311_xml_sample(generated, tmp_path, namespace="urn:example:other")
    with pytest.raises(ReadError) as caught:
        read_xml_records(path)
    message = str(caught.value)
    assert str(path) in message and "'urn:example:other'" in message
    assert "<service_requests>" in message


def test_dtd_refused_and_stray_record_rejected(tmp_path: Path) -> None:
    bomb = tmp_path / "requests_dtd.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r><request/></r>')
    with pytest.raises(ReadError, match="document type or entity declaration"):
        read_xml_records(bomb)
    cut = tmp_path / "requests_cut.xml"
    cut.write_text("<service_requests><request><service_request_id>1</service_request_id>")
    with pytest.raises(ReadError, match=r"not well-formed XML at line 1"):
        read_xml_records(cut)
    mixed = tmp_path / "requests_mixed.xml"
    mixed.write_text(
        "<service_requests><request><service_request_id>1</service_request_id></request>"
        "<note>x</note><request><service_request_id>2</service_request_id></request>"
        "</service_requests>"
    )
    read = read_xml_records(mixed)
    assert read.frame["service_request_id"].to_list() == ["1", "2"]
    assert read.frame["__row"].to_list() == [1, 3]
    assert [(n, r.split(":")[0]) for n, r, _ in read.unparseable] == [(2, "record 2")]
    assert read.rows_read == 3
