"""Read an XML export of flat records (Open311 GeoReport v2 ``requests.xml``) into polars.

The root element holds one element per record (``<service_requests><request>...``); each
child of a record is a field (its text), and a child with children of its own becomes a nested
record. Parsing is the standard library's (``xml.etree.ElementTree``, expat). A document type
declaration (``<!DOCTYPE``/``<!ENTITY``) is refused before parsing: an export never needs one,
and entity definitions are how a small XML file expands to gigabytes. Elements in a namespace
are refused with the namespace named (GeoReport v2 uses none), rather than read with the wrong
names. A record element with another name than the rest is rejected with its number.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - DTDs are refused before parsing
from collections import Counter
from pathlib import Path

import polars as pl

from pipelines.ingest.readers import ROW, ReadError, ReadResult, decode

_DOCTYPE = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _value(element: ET.Element) -> object:
    children = list(element)
    if not children:
        text = (element.text or "").strip()
        return text or None
    return {child.tag: _value(child) for child in children}


def read_xml_records(path: Path) -> ReadResult:
    path = Path(path)
    text = decode(path)
    if _DOCTYPE.search(text):
        raise ReadError(
            f"{path}: the XML has a document type or entity declaration (<!DOCTYPE/<!ENTITY): "
            "refused (an export needs none, and entities can expand a small file enormously)"
        )
    try:
        root = ET.fromstring(text)  # noqa: S314 - no DTD (checked above)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ReadError(
            f"{path}: not well-formed XML at line {line} column {column}: the file is "
            "probably cut off; ask the source to send it again"
        ) from exc
    for element in root.iter():
        if element.tag.startswith("{"):
            namespace = element.tag[1 : element.tag.index("}")]
            raise ReadError(
                f"{path}: element <{element.tag.split('}')[1]}> is in the XML namespace "
                f"{namespace!r}; expected elements without a namespace (GeoReport v2: "
                "<service_requests><request>...): is this the right export?"
            )
    items = list(root)
    if not items:
        return ReadResult(pl.DataFrame({ROW: pl.Series([], dtype=pl.Int64)}))
    record_tag = Counter(item.tag for item in items).most_common(1)[0][0]
    records: list[dict[str, object]] = []
    rows: list[int] = []
    bad: list[tuple[int, str, str]] = []
    for number, item in enumerate(items, start=1):
        if item.tag != record_tag:
            bad.append(
                (
                    number,
                    f"record {number}: element <{item.tag}>, expected <{record_tag}> as the "
                    "other records",
                    ET.tostring(item, encoding="unicode")[:2000],
                )
            )
            continue
        value = _value(item)
        records.append(value if isinstance(value, dict) else {})
        rows.append(number)
    frame = pl.from_dicts(records, infer_schema_length=None) if records else pl.DataFrame()
    return ReadResult(frame.with_columns(pl.Series(ROW, rows, dtype=pl.Int64)), bad)
