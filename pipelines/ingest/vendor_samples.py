"""Vendor-shaped samples built from the generator's contacts, for the presets' tests and demos.

The generator (pipelines/generator) writes a council's telephony CSV and webchat JSON Lines.
:func:`write_connect_sample` re-expresses those same contacts as Amazon Connect writes them:

- contact records (CTR) as Kinesis Firehose delivers them, records back to back in one
  ``.json`` object, shaped after the published data model
  (https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html): ``Channel``,
  ``InitiationTimestamp`` / ``DisconnectTimestamp``, ``Queue`` (``Name``, ``EnqueueTimestamp``,
  ``DequeueTimestamp``, ``Duration``), ``Agent`` (``AgentInteractionDuration``,
  ``AfterContactWorkDuration`` ...), ``CustomerEndpoint`` (the caller's number or chat id),
  ``Attributes`` (``wrapUpCode``, ``disposition``), ``DisconnectReason`` and, for a transfer,
  ``TransferCompletedTimestamp`` / ``TransferredToEndpoint``;
- one Contact Lens analysis file per contact under ``Analysis/``, shaped after the published
  example output
  (https://docs.aws.amazon.com/connect/latest/adminguide/contact-lens-example-output-files.html):
  ``CustomerMetadata.ContactId``, ``Participants``, ``Transcript`` turns by ``ParticipantId``
  with ``Sentiment``, ``Categories.MatchedCategories``. The customer's turns carry the
  generator's note or chat text (with its personal data, as a resident says it); the agent's
  turns are stock phrases that name the agent, so a test can see they stay out of the text.

Every value the presets map is derived from the generator's row, so a test can compute the
expected contract values from the CSV by hand.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

LONDON = ZoneInfo("Europe/London")
AGENT_TURNS = (
    "Good morning, you're through to the council, my name is Agent Priya.",
    "Thank you, let me look into that for you.",
)
CHANNEL_OF_PLATFORM = {"web": "CHAT", "app": "CHAT"}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _uk(value: str) -> datetime:
    return datetime.strptime(value, "%d/%m/%Y %H:%M:%S").replace(tzinfo=LONDON)


def ctr_record(
    contact_id: str,
    channel: str,
    start: datetime,
    end: datetime,
    wait: int,
    handle: int,
    queue: str,
    wrap: str | None,
    disposition: str | None,
    caller: str | None,
) -> dict[str, Any]:
    dequeued = start + timedelta(seconds=wait)
    interaction = max(0, min(handle, int((end - dequeued).total_seconds())))
    transferred = disposition is not None and "Transfer" in disposition
    record: dict[str, Any] = {
        "AWSAccountId": "123456789012",
        "AWSContactTraceRecordFormatVersion": "2017-03-10",
        "Agent": {
            "ARN": "arn:aws:connect:eu-west-2:123456789012:instance/ex/agent/a1",
            "AfterContactWorkDuration": handle - interaction,
            "AfterContactWorkStartTimestamp": _iso(end),
            "AgentInteractionDuration": interaction,
            "ConnectedToAgentTimestamp": _iso(dequeued),
            "CustomerHoldDuration": 0,
            "NumberOfHolds": 0,
            "RoutingProfile": {"Name": "Council general"},
            "Username": "agent.a1",
        },
        "AgentConnectionAttempts": 1,
        "Attributes": {"wrapUpCode": wrap, "disposition": disposition},
        "Channel": channel,
        "ContactId": contact_id,
        "CustomerEndpoint": {"Address": caller, "Type": "TELEPHONE_NUMBER"}
        if channel == "VOICE"
        else None,
        "DisconnectReason": "CUSTOMER_DISCONNECT",
        "DisconnectTimestamp": _iso(end),
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": _iso(start),
        "LastUpdateTimestamp": _iso(end + timedelta(seconds=handle - interaction + 5)),
        "Queue": {
            "ARN": "arn:aws:connect:eu-west-2:123456789012:instance/ex/queue/q1",
            "DequeueTimestamp": _iso(dequeued),
            "Duration": wait,
            "EnqueueTimestamp": _iso(start),
            "Name": queue,
        },
        "SystemEndpoint": {"Address": "+441632960000", "Type": "TELEPHONE_NUMBER"},
        "TransferCompletedTimestamp": _iso(end) if transferred else None,
        "TransferredToEndpoint": {"Address": "+441632960999", "Type": "TELEPHONE_NUMBER"}
        if transferred
        else None,
    }
    if channel == "CHAT":  # a chat's customer endpoint is the chat participant, not a number
        record["CustomerEndpoint"] = {"Address": caller, "Type": "OTHER"}
    return record


def _lens(contact_id: str, channel: str, customer_text: str | None) -> dict[str, Any]:
    turns = [AGENT_TURNS[0], customer_text or "", AGENT_TURNS[1]]
    speakers = ["AGENT", "CUSTOMER", "AGENT"]
    transcript = [
        {
            "BeginOffsetMillis": 4000 * n,
            "Content": text,
            "EndOffsetMillis": 4000 * n + 3500,
            "Id": f"{contact_id}-{n}",
            "ParticipantId": who,
            "Sentiment": "NEUTRAL",
        }
        for n, (who, text) in enumerate(zip(speakers, turns, strict=True))
        if text
    ]
    return {
        "AccountId": "123456789012",
        "Channel": channel,
        "Categories": {"MatchedCategories": ["ResidentQuery"], "MatchedDetails": {}},
        "ConversationCharacteristics": {
            "Sentiment": {"OverallSentiment": {"AGENT": 2.1, "CUSTOMER": 0.4}}
        },
        "CustomerMetadata": {
            "ContactId": contact_id,
            "InstanceId": "ex",
            "InputS3Uri": f"s3://connect-bucket/recordings/{contact_id}.wav",
        },
        "JobStatus": "COMPLETED",
        "LanguageCode": "en-GB",
        "Participants": [
            {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
            {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"},
        ],
        "Transcript": transcript,
        "Version": "1.1.0",
    }


def connect_records(
    telephony: pl.DataFrame, webchat: pl.DataFrame
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(contact records, Contact Lens analyses) for the generator's calls and chats."""
    ctr: list[dict[str, Any]] = []
    lens: list[dict[str, Any]] = []
    for row in telephony.iter_rows(named=True):
        contact_id = f"call-{row['Call ID']}"
        ctr.append(
            ctr_record(
                contact_id,
                "VOICE",
                _uk(row["Start Time"]),
                _uk(row["End Time"]),
                int(row["Queue Time (s)"]),
                int(row["Handle Time (s)"]),
                row["IVR Option"],
                row["Wrap Code"],
                row["Disposition"],
                row["CLI"],
            )
        )
        lens.append(_lens(contact_id, "VOICE", row["Agent Notes"]))
    for row in webchat.iter_rows(named=True):
        contact_id = f"chat-{row['chat_id']}"
        start = datetime.fromisoformat(row["started"])
        end = datetime.fromisoformat(row["ended"])
        ctr.append(
            ctr_record(
                contact_id,
                CHANNEL_OF_PLATFORM.get(row["platform"], "CHAT"),
                start,
                end,
                int(row["queue_seconds"]),
                max(0, int((end - start).total_seconds()) - int(row["queue_seconds"])),
                row["department"],
                row["tag"],
                row["status"],
                row["visitor"],
            )
        )
        customer = "\n".join(
            line.removeprefix("Visitor: ")
            for line in (row["transcript"] or "").split("\n")
            if line.startswith("Visitor: ")
        )
        lens.append(_lens(contact_id, "CHAT", customer))
    return ctr, lens


def write_connect_sample(generated: Path, out_dir: Path, one_per_line: bool = False) -> Path:
    """Write the CTR file (``connect-ctr-*.json``) and ``Analysis/`` beside it; its path."""
    telephony = pl.read_csv(next(generated.glob("telephony_*.csv")), infer_schema=False)
    webchat = pl.read_ndjson(next(generated.glob("webchat_*.jsonl")))
    ctr, lens = connect_records(telephony, webchat)
    out_dir.mkdir(parents=True, exist_ok=True)
    separator = "\n" if one_per_line else ""  # Firehose writes records back to back
    ctr_file = out_dir / "connect-ctr-1-2026-11-23-00-00-00-sample.json"
    ctr_file.write_text(separator.join(json.dumps(r) for r in ctr) + "\n", encoding="utf-8")
    analysis = out_dir / "Analysis" / "Voice"
    analysis.mkdir(parents=True, exist_ok=True)
    for record in lens:
        contact_id = record["CustomerMetadata"]["ContactId"]
        (analysis / f"{contact_id}_analysis_2026-11-23.json").write_text(
            json.dumps(record, indent=2), encoding="utf-8"
        )
    return ctr_file


OPEN311_STATUS = {"Resolved - FCR": "closed", "Resolved - Info Given": "closed"}


def open311_requests(telephony: pl.DataFrame) -> list[dict[str, Any]]:
    """GeoReport v2 service requests (https://wiki.open311.org/GeoReport_v2, GET requests) for
    the generator's calls, as a FixMyStreet-style server lists them: times with offsets, status
    ``open`` / ``closed``, the request type as ``service_name`` / ``service_code``, the
    resident's words as ``description``, and a street address and position (never mapped)."""
    requests: list[dict[str, Any]] = []
    for number, row in enumerate(telephony.iter_rows(named=True)):
        start, updated = _uk(row["Start Time"]), _uk(row["Last Modified"])
        code = (row["Wrap Code"] or "OTHER").split(" - ")[0]
        requests.append(
            {
                "service_request_id": f"fms-{row['Call ID']}",
                "status": OPEN311_STATUS.get(row["Disposition"], "open"),
                "status_notes": None,
                "service_name": row["Wrap Code"],
                "service_code": code,
                "description": row["Agent Notes"],
                "agency_responsible": row["IVR Option"],
                "service_notice": None,
                "requested_datetime": start.isoformat(),
                "updated_datetime": updated.isoformat(),
                "expected_datetime": None,
                "address": f"{10 + number} High Street",
                "address_id": None,
                "zipcode": "AB1 2CD",
                "lat": 51.5 + number / 1000,
                "long": -0.12 - number / 1000,
                "media_url": None,
            }
        )
    return requests


def write_open311_sample(generated: Path, out_dir: Path) -> Path:
    """Write ``requests.json`` (a JSON array, as GET requests.json returns it); its path."""
    telephony = pl.read_csv(next(generated.glob("telephony_*.csv")), infer_schema=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "requests.json"
    target.write_text(json.dumps(open311_requests(telephony), indent=1), encoding="utf-8")
    return target


GENESYS_MEDIA = {"VOICE": "voice", "CHAT": "chat"}


def _segment(start: datetime, end: datetime, kind: str, **extra: Any) -> dict[str, Any]:
    return {"segmentStart": _iso(start), "segmentEnd": _iso(end), "segmentType": kind, **extra}


def genesys_conversations(
    ctr: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    """Genesys Cloud conversation detail records for the same contacts as ``ctr``, shaped after
    the analytics conversation detail model (AnalyticsConversation, AnalyticsParticipant,
    AnalyticsSession, AnalyticsConversationSegment:
    https://raw.githubusercontent.com/MyPureCloud/platform-client-sdk-python/master/build/docs/AnalyticsSession.md
    and its sibling pages): participants by ``purpose`` (customer, ivr, acd, agent), sessions
    with ``mediaType`` and ``ani``, segments with ``queueId`` and, on the agent's last
    (``wrapup``) segment, ``wrapUpCode``, all as ids. Returns (conversations, queue id -> name,
    wrap-up code id -> name), the two lookups a council exports from the routing API."""
    queues: dict[str, str] = {}
    wraps: dict[str, str] = {}
    conversations: list[dict[str, Any]] = []
    for record in ctr:
        start = datetime.fromisoformat(record["InitiationTimestamp"])
        end = datetime.fromisoformat(record["DisconnectTimestamp"])
        dequeued = datetime.fromisoformat(record["Queue"]["DequeueTimestamp"])
        acw_end = end + timedelta(seconds=record["Agent"]["AfterContactWorkDuration"])
        queue_id = queues.setdefault(record["Queue"]["Name"], f"q-{len(queues) + 1:04d}")
        wrap = record["Attributes"]["wrapUpCode"]
        wrap_id = wraps.setdefault(wrap, f"wu-{len(wraps) + 1:04d}") if wrap else None
        media = GENESYS_MEDIA.get(record["Channel"], "message")
        ani = (record.get("CustomerEndpoint") or {}).get("Address")
        conversations.append(
            {
                "conversationId": record["ContactId"],
                "conversationStart": record["InitiationTimestamp"],
                "conversationEnd": _iso(acw_end),
                "originatingDirection": "inbound",
                "participants": [
                    {
                        "participantId": f"{record['ContactId']}-c",
                        "purpose": "customer",
                        "sessions": [
                            {
                                "mediaType": media,
                                "ani": f"tel:{ani}" if ani and media == "voice" else ani,
                                "direction": "inbound",
                                "segments": [_segment(start, end, "interact")],
                            }
                        ],
                    },
                    {
                        "participantId": f"{record['ContactId']}-q",
                        "purpose": "acd",
                        "sessions": [
                            {
                                "mediaType": media,
                                "segments": [
                                    _segment(start, dequeued, "interact", queueId=queue_id)
                                ],
                            }
                        ],
                    },
                    {
                        "participantId": f"{record['ContactId']}-a",
                        "purpose": "agent",
                        "sessions": [
                            {
                                "mediaType": media,
                                "segments": [
                                    _segment(dequeued, end, "interact", queueId=queue_id),
                                    _segment(end, acw_end, "wrapup", wrapUpCode=wrap_id),
                                ],
                            }
                        ],
                    },
                ],
            }
        )
    return conversations, {v: k for k, v in queues.items()}, {v: k for k, v in wraps.items()}


def write_genesys_sample(generated: Path, out_dir: Path) -> Path:
    """Write ``genesys-conversations-*.json`` (one conversation per line) and the two lookup
    CSVs under ``lookups/`` beside it; the conversations file's path."""
    telephony = pl.read_csv(next(generated.glob("telephony_*.csv")), infer_schema=False)
    webchat = pl.read_ndjson(next(generated.glob("webchat_*.jsonl")))
    ctr, _lens = connect_records(telephony, webchat)
    conversations, queues, wraps = genesys_conversations(ctr)
    lookups = out_dir / "lookups"
    lookups.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"id": list(queues), "name": list(queues.values())}).write_csv(
        lookups / "queues.csv"
    )
    pl.DataFrame({"id": list(wraps), "name": list(wraps.values())}).write_csv(
        lookups / "wrapupcodes.csv"
    )
    target = out_dir / "genesys-conversations-2026-11-23.json"
    target.write_text("\n".join(json.dumps(c) for c in conversations) + "\n", encoding="utf-8")
    return target


def write_open311_xml_sample(generated: Path, out_dir: Path, namespace: str | None = None) -> Path:
    """Write ``requests.xml`` (GET requests.xml's form: ``<service_requests><request>``) for
    the same requests as :func:`write_open311_sample`; ``namespace`` puts every element in one
    (a wrong export, for the bad-input test). Its path."""
    import xml.etree.ElementTree as ET  # noqa: PLC0415, S405 - writing only

    telephony = pl.read_csv(next(generated.glob("telephony_*.csv")), infer_schema=False)
    prefix = f"{{{namespace}}}" if namespace else ""
    root = ET.Element(f"{prefix}service_requests")
    for request in open311_requests(telephony):
        item = ET.SubElement(root, f"{prefix}request")
        for key, value in request.items():
            ET.SubElement(item, f"{prefix}{key}").text = None if value is None else str(value)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "requests.xml"
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    return target
