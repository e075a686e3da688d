"""Render contacts as three vendor systems would export them, with the usual export faults.

- telephony: CSV, UK day-first local times, agent notes, wrap codes, dispositions;
- webchat: JSON Lines, ISO 8601 times with offsets, transcripts, tags, chat statuses;
- CRM cases: Parquet, UTC timestamps, case types and statuses.

Faults: exact duplicate rows, later corrections (the same id re-exported in the next week's
file with a later modified time and a changed code or outcome) and a few malformed rows.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

LONDON = ZoneInfo("Europe/London")
DISPOSITION = {
    "telephony": {
        "resolved": ("Resolved - FCR", "Resolved - Info Given"),
        "transferred": ("Warm Transfer", "Cold Transfer"),
        "escalated": ("Escalated to Service", "Referred to Back Office"),
        "callback": ("Callback Booked",),
        "abandoned": ("Abandoned in Queue",),
    },
    "webchat": {
        "resolved": ("closed_resolved",),
        "transferred": ("transferred",),
        "escalated": ("handed_to_service",),
        "callback": ("callback_requested",),
        "abandoned": ("visitor_left", "missed"),
    },
    "crm": {
        "resolved": ("Closed - Resolved", "Closed - Information Provided"),
        "transferred": ("Transferred to Service",),
        "escalated": ("Referred to Service Area",),
        "callback": ("Awaiting Callback",),
        "unknown": ("Open", "In Progress"),
    },
}
PLATFORM = {"webchat": "web", "app": "app"}
ORIGIN = {
    "email": "Email",
    "web_form": "Web Form",
    "face_to_face": "Face to Face",
    "social": "Social Media",
}
IVR = {
    "Revenues and benefits": "1 - Council Tax and Benefits",
    "Waste and recycling": "2 - Bins, Recycling and Streets",
    "Street scene": "2 - Bins, Recycling and Streets",
    "Housing": "3 - Housing",
    "Parking": "4 - Parking, Roads and Transport",
    "Highways": "4 - Parking, Roads and Transport",
    "Adult social care": "5 - Social Care",
    "Children's services": "5 - Social Care",
    "Education": "6 - Schools",
}
IVR_OTHER = "9 - All Other Enquiries"
DEPARTMENT = {
    "1": "Revenues",
    "2": "Waste & Recycling",
    "3": "Housing",
    "4": "Parking & Highways",
    "5": "Social Care",
    "6": "Schools",
    "9": "General",
}
MALFORMED_KINDS = {
    "telephony": ("bad_timestamp", "missing_id", "negative_wait", "end_before_start"),
    "webchat": ("bad_timestamp", "missing_id", "unknown_channel", "negative_wait", "broken_json"),
    "crm": ("missing_timestamp", "missing_id", "unknown_channel", "negative_handle"),
}
TELEPHONY_COLUMNS = (
    "Call ID",
    "Start Time",
    "End Time",
    "Queue Time (s)",
    "Handle Time (s)",
    "IVR Option",
    "Wrap Code",
    "Disposition",
    "CLI",
    "Agent Notes",
    "Last Modified",
)
WEBCHAT_FIELDS = (
    "chat_id",
    "platform",
    "started",
    "ended",
    "queue_seconds",
    "department",
    "tag",
    "status",
    "visitor",
    "transcript",
    "last_updated",
)
CRM_SCHEMA = {
    "case_ref": pl.Utf8,
    "origin": pl.Utf8,
    "created_on": pl.Datetime("us", "UTC"),
    "closed_on": pl.Datetime("us", "UTC"),
    "team": pl.Utf8,
    "case_type": pl.Utf8,
    "status": pl.Utf8,
    "customer_ref": pl.Utf8,
    "description": pl.Utf8,
    "agent_time_seconds": pl.Int64,
    "modified_on": pl.Datetime("us", "UTC"),
}
UK_FORMAT = "%d/%m/%Y %H:%M:%S"


@dataclass
class Record:
    """One contact as its source system holds it (times are naive Europe/London)."""

    index: int
    source: str
    week: int
    contact_id: str
    channel: str
    topic: str
    service_area: str
    started: datetime
    wait: int
    handle: int
    outcome: str
    code: str | None
    right_code: str | None
    caller_ref: str | None
    text: str | None
    ended: datetime | None = None
    updated: datetime | None = None
    label: str = ""
    misrouted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def finish(record: Record, rng: random.Random, exported_at: datetime | None = None) -> None:
    """Fill in end, closed and modified times and the source's own outcome label.

    ``exported_at`` is when the extract is taken (local time): a case that would close after it
    is still open in the export, so no timestamp lies beyond the moment the file was written.
    """
    if record.source == "crm" and record.channel != "face_to_face" and rng.random() < 0.08:
        record.outcome = "unknown"  # still open when exported
    labels = DISPOSITION[record.source][record.outcome]
    record.label = rng.choice(labels)
    if record.source == "telephony":
        talk = round(record.handle * 0.8)
        record.ended = record.started + timedelta(seconds=record.wait + talk)
        record.updated = record.ended + timedelta(seconds=record.handle - talk + rng.randint(0, 90))
        record.misrouted = rng.random() < 0.1
    elif record.source == "webchat":
        record.ended = record.started + timedelta(seconds=record.wait + record.handle)
        record.updated = record.ended + timedelta(seconds=rng.randint(5, 120))
    else:
        if record.outcome == "unknown":
            record.ended = None
        elif record.channel == "face_to_face":
            record.ended = record.started + timedelta(seconds=record.handle)
        else:
            hours = min(rng.lognormvariate(3.2, 0.9), 24 * 14)
            record.ended = record.started + timedelta(seconds=round(hours * 3600))
        if exported_at is not None and record.ended is not None and record.ended > exported_at:
            record.ended = None
            record.outcome = "unknown"
            record.label = DISPOSITION[record.source]["unknown"][0]
        record.updated = record.ended or record.started + timedelta(seconds=record.handle)
        if exported_at is not None:
            record.updated = min(record.updated, exported_at)


def correct(record: Record, next_week_start: date, rng: random.Random) -> Record:
    """A later version of the record: corrected code, or a changed outcome."""
    new = Record(**{**record.__dict__, "extra": dict(record.extra)})
    day = datetime.combine(next_week_start, datetime.min.time())
    new.updated = day + timedelta(days=rng.randint(0, 4), seconds=rng.randint(9 * 3600, 17 * 3600))
    if record.code != record.right_code and record.right_code is not None and record.code:
        new.code = record.right_code
    elif record.outcome in ("unknown", "callback", "escalated"):
        new.outcome = "resolved"
        new.label = DISPOSITION[record.source]["resolved"][0]
        if record.source == "crm" and record.ended is None:
            new.ended = new.updated
    elif record.code is None and record.right_code is not None:
        new.code = record.right_code
    else:
        new.outcome = "escalated"
        new.label = DISPOSITION[record.source]["escalated"][0]
    return new


def _local(dt: datetime) -> datetime:
    return dt.replace(tzinfo=LONDON)


def _utc(dt: datetime | None) -> datetime | None:
    return None if dt is None else _local(dt).astimezone(UTC)


def render(record: Record) -> dict[str, Any]:
    """The export row, with the source's own column names and formats."""
    if record.source == "telephony":
        ivr = IVR_OTHER if record.misrouted else IVR.get(record.service_area, IVR_OTHER)
        assert record.ended is not None and record.updated is not None
        return {
            "Call ID": record.contact_id,
            "Start Time": record.started.strftime(UK_FORMAT),
            "End Time": record.ended.strftime(UK_FORMAT),
            "Queue Time (s)": str(record.wait),
            "Handle Time (s)": str(record.handle),
            "IVR Option": ivr,
            "Wrap Code": record.code,
            "Disposition": record.label,
            "CLI": record.caller_ref,
            "Agent Notes": record.text,
            "Last Modified": record.updated.strftime(UK_FORMAT),
        }
    if record.source == "webchat":
        ivr = IVR.get(record.service_area, IVR_OTHER)
        assert record.ended is not None and record.updated is not None
        return {
            "chat_id": record.contact_id,
            "platform": PLATFORM[record.channel],
            "started": _local(record.started).isoformat(),
            "ended": _local(record.ended).isoformat(),
            "queue_seconds": record.wait,
            "department": DEPARTMENT[ivr[0]],
            "tag": record.code,
            "status": record.label,
            "visitor": record.caller_ref,
            "transcript": record.text,
            "last_updated": _local(record.updated).isoformat(),
        }
    return {
        "case_ref": record.contact_id,
        "origin": ORIGIN[record.channel],
        "created_on": _utc(record.started),
        "closed_on": _utc(record.ended),
        "team": f"{record.service_area} team",
        "case_type": record.code,
        "status": record.label,
        "customer_ref": record.caller_ref,
        "description": record.text,
        "agent_time_seconds": record.handle,
        "modified_on": _utc(record.updated),
    }


def malform(row: dict[str, Any], source: str, kind: str, rng: random.Random) -> dict[str, Any]:
    """Break a rendered row the way real exports break ("broken_json" is applied on write)."""
    row = dict(row)
    if source == "telephony":
        if kind == "bad_timestamp":
            row["Start Time"] = rng.choice(("31/02/2026 09:15:00", "N/A", "00/00/0000 00:00:00"))
        elif kind == "missing_id":
            row["Call ID"] = None
        elif kind == "negative_wait":
            row["Queue Time (s)"] = str(-rng.randint(1, 600))
        elif kind == "end_before_start":
            start = datetime.strptime(row["Start Time"], UK_FORMAT)
            row["End Time"] = (start - timedelta(minutes=rng.randint(1, 30))).strftime(UK_FORMAT)
    elif source == "webchat":
        if kind == "bad_timestamp":
            row["started"] = rng.choice(("yesterday 10:14", "not recorded", "2026-02-30T09:00"))
        elif kind == "missing_id":
            row["chat_id"] = None
        elif kind == "unknown_channel":
            row["platform"] = rng.choice(("sms", "whatsapp_beta"))
        elif kind == "negative_wait":
            row["queue_seconds"] = -rng.randint(1, 300)
    else:
        if kind == "missing_timestamp":
            row["created_on"] = None
        elif kind == "missing_id":
            row["case_ref"] = None
        elif kind == "unknown_channel":
            row["origin"] = rng.choice(("Fax", "Carrier Pigeon", "Letter (scanned)"))
        elif kind == "negative_handle":
            row["agent_time_seconds"] = -rng.randint(60, 3600)
    return row


def week_label(week_start: date) -> str:
    iso = week_start.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def to_bytes(source: str, rows: list[dict[str, Any]], broken: set[int]) -> pl.DataFrame | str:
    """A frame (CSV, Parquet) or the text of the file (JSON Lines) for one week's rows."""
    if source == "telephony":
        return pl.DataFrame(rows, schema={c: pl.Utf8 for c in TELEPHONY_COLUMNS})
    if source == "crm":
        return pl.DataFrame(rows, schema=CRM_SCHEMA)
    lines = []
    for i, row in enumerate(rows):
        line = json.dumps({k: row[k] for k in WEBCHAT_FIELDS}, ensure_ascii=False)
        lines.append(line[: len(line) // 2] if i in broken else line)
    return "\n".join(lines) + ("\n" if lines else "")
