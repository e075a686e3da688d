"""Write bot intents for a platform, and check what was written against the platform's format.

- ``lex_v2``: the Amazon Lex V2 bot import zip (``manifest.json``, ``<Bot>/Bot.json``,
  ``<Bot>/BotLocales/en_GB/BotLocale.json``, ``.../Intents/<Intent>/Intent.json`` and
  ``.../Slots/<Slot>/Slot.json``), as documented in "JSON format for importing and exporting
  bots in Lex V2" (Amazon Lex V2 developer guide); slots use built-in types
  (AMAZON.UKPostalCode, AMAZON.Date, AMAZON.AlphaNumeric, AMAZON.StreetName: "Built-in slot
  types", same guide). Utterances reference slots as ``{slot}``.
- ``rasa``: Rasa NLU training data YAML (``version: "3.1"``, ``nlu:`` list of ``intent`` +
  ``examples`` block), per Rasa's "Training Data Format"; a slot is an entity annotation
  ``[example value](slot)``.
- ``csv``: ``intent, utterance, slots`` for any other platform (e.g. Copilot Studio trigger
  phrases); ``slots`` lists the intent's slot types separated by ``;``.

Every format also gets ``handover.md``: per intent, its volume, agent hours a year, first
contact resolution rate and what the bot must hand back to a person.
Validation: Lex files against JSON Schemas written from that guide (``jsonschema``); Rasa by
its documented structure; CSV by its header and values. Rasa's own parser is not installable
offline here (no ``rasa`` package), so it is not used.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipelines.export.bot_intents import BotExportError, BotIntent

FORMATS = ("lex_v2", "rasa", "csv")
BOT_NAME = "ContactTopicsBot"
LOCALE = "en_GB"
LEX_SLOT_TYPES = {
    "postcode": "AMAZON.UKPostalCode",
    "date": "AMAZON.Date",
    "reference_number": "AMAZON.AlphaNumeric",
    "address": "AMAZON.StreetName",
}
RASA_EXAMPLE_VALUES = {
    "postcode": "SW1A 1AA",
    "reference_number": "AB123456",
    "address": "10 High Street",
}
HAND_BACK = (
    "any sign of a safeguarding concern (risk to a child or adult, abuse, self-harm, "
    "homelessness tonight), a complaint, a resident who asks for a person, and anything the "
    "bot cannot answer"
)
_NAME = {"type": "string", "pattern": r"^([0-9a-zA-Z][_-]?)+$", "maxLength": 100}
_LEX_SCHEMAS: dict[str, dict[str, Any]] = {
    "manifest": {
        "type": "object",
        "required": ["metadata"],
        "properties": {
            "metadata": {
                "type": "object",
                "required": ["schemaVersion", "fileFormat", "resourceType"],
                "properties": {
                    "schemaVersion": {"const": "1.0"},
                    "fileFormat": {"const": "LexJson"},
                    "resourceType": {"enum": ["Bot", "BotLocale", "CustomVocabulary"]},
                },
            }
        },
    },
    "bot": {
        "type": "object",
        "required": ["name", "version", "dataPrivacy", "idleSessionTTLInSeconds"],
        "properties": {
            "name": _NAME,
            "dataPrivacy": {
                "type": "object",
                "required": ["childDirected"],
                "properties": {"childDirected": {"type": "boolean"}},
            },
            "idleSessionTTLInSeconds": {"type": "integer", "minimum": 60, "maximum": 86400},
        },
    },
    "locale": {
        "type": "object",
        "required": ["identifier", "version", "nluConfidenceThreshold"],
        "properties": {
            "identifier": {"const": LOCALE},
            "nluConfidenceThreshold": {"type": "number", "minimum": 0, "maximum": 1},
        },
    },
    "intent": {
        "type": "object",
        "required": ["name", "identifier", "version", "sampleUtterances"],
        "properties": {
            "name": _NAME,
            "description": {"type": ["string", "null"], "maxLength": 200},
            "sampleUtterances": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["utterance"],
                    "properties": {"utterance": {"type": "string", "maxLength": 200}},
                },
            },
            "slotPriorities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["priority", "slotName"],
                    "properties": {"priority": {"type": "integer"}, "slotName": _NAME},
                },
            },
        },
    },
    "slot": {
        "type": "object",
        "required": ["name", "identifier", "slotTypeName", "valueElicitationSetting"],
        "properties": {
            "name": _NAME,
            "slotTypeName": {"enum": sorted(LEX_SLOT_TYPES.values())},
            "valueElicitationSetting": {
                "type": "object",
                "required": ["slotConstraint"],
                "properties": {"slotConstraint": {"enum": ["Required", "Optional"]}},
            },
        },
    },
}
_SLOT_REF = re.compile(r"\{([a-z_]+)\}")


def _identifier(name: str) -> str:
    """A stable 10-character upper-case identifier (Lex's exported ids have this shape)."""
    return hashlib.sha1(name.encode()).hexdigest()[:10].upper()


def _lex_files(intents: list[BotIntent]) -> dict[str, Any]:
    root = f"{BOT_NAME}/BotLocales/{LOCALE}"
    files: dict[str, Any] = {
        "manifest.json": {
            "metadata": {"schemaVersion": "1.0", "fileFormat": "LexJson", "resourceType": "Bot"}
        },
        f"{BOT_NAME}/Bot.json": {
            "name": BOT_NAME,
            "version": "DRAFT",
            "description": "Intents from a council's automation candidates (contact-topics)",
            "dataPrivacy": {"childDirected": False},
            "idleSessionTTLInSeconds": 300,
        },
        f"{root}/BotLocale.json": {
            "name": "English (GB)",
            "identifier": LOCALE,
            "version": None,
            "nluConfidenceThreshold": 0.4,
        },
        f"{root}/Intents/FallbackIntent/Intent.json": {
            "name": "FallbackIntent",
            "identifier": "FALLBCKIN",
            "version": None,
            "description": "Default intent when no other intent matches: hand over to a person",
            "parentIntentSignature": "AMAZON.FallbackIntent",
            "sampleUtterances": [],
        },
    }
    for intent in intents:
        files[f"{root}/Intents/{intent.topic_id}/Intent.json"] = {
            "name": intent.topic_id,
            "identifier": _identifier(intent.topic_id),
            "version": None,
            "description": intent.description[:200],
            "parentIntentSignature": None,
            "sampleUtterances": [{"utterance": u} for u in intent.utterances],
            "slotPriorities": [
                {"priority": i + 1, "slotName": slot} for i, slot in enumerate(intent.slots)
            ],
        }
        for slot in intent.slots:
            files[f"{root}/Intents/{intent.topic_id}/Slots/{slot}/Slot.json"] = {
                "name": slot,
                "identifier": _identifier(f"{intent.topic_id}/{slot}"),
                "slotTypeName": LEX_SLOT_TYPES[slot],
                "valueElicitationSetting": {"slotConstraint": "Optional"},
            }
    return files


def _schema_for(path: str) -> str:
    if path == "manifest.json":
        return "manifest"
    return {
        "Bot.json": "bot",
        "BotLocale.json": "locale",
        "Intent.json": "intent",
        "Slot.json": "slot",
    }[path.rsplit("/", 1)[-1]]


def validate_lex_zip(path: Path) -> int:
    """Check every JSON file of a Lex V2 import zip; returns how many intents it holds."""
    intents = 0
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "manifest.json" not in names or f"{BOT_NAME}/Bot.json" not in names:
            raise BotExportError(f"{path}: no manifest.json or {BOT_NAME}/Bot.json")
        slots = {n.split("/Slots/")[0] + "/" + n.split("/")[-2] for n in names if "/Slots/" in n}
        for name in names:
            document = json.loads(archive.read(name))
            try:
                jsonschema.validate(document, _LEX_SCHEMAS[_schema_for(name)])
            except jsonschema.ValidationError as exc:
                raise BotExportError(f"{path}: {name}: {exc.message}") from exc
            if name.endswith("Intent.json") and document["name"] != "FallbackIntent":
                intents += 1
                folder = name.rsplit("/", 1)[0]
                for sample in document["sampleUtterances"]:
                    for slot in _SLOT_REF.findall(sample["utterance"]):
                        if f"{folder}/{slot}" not in slots:
                            raise BotExportError(f"{path}: {name}: slot {{{slot}}} not defined")
    return intents


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as literal blocks (``examples: |``), as Rasa's docs show."""


def _block_strings(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _block_strings)


def _rasa_document(intents: list[BotIntent]) -> str:
    nlu = []
    for intent in intents:
        lines = []
        for utterance in intent.utterances:
            text = _SLOT_REF.sub(
                lambda m: f"[{RASA_EXAMPLE_VALUES.get(m.group(1), m.group(1))}]({m.group(1)})",
                utterance,
            )
            lines.append(f"- {text}")
        nlu.append({"intent": intent.topic_id, "examples": "\n".join(lines) + "\n"})
    return yaml.dump(
        {"version": "3.1", "nlu": nlu},
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
    )


def validate_rasa(path: Path) -> int:
    """Check a Rasa NLU YAML file's documented structure; returns how many intents it holds."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise BotExportError(f"{path}: needs a top-level 'version' string")
    if set(data) - {"version", "nlu"} or not isinstance(data.get("nlu"), list):
        raise BotExportError(f"{path}: expected only 'version' and an 'nlu' list")
    seen = set()
    for item in data["nlu"]:
        if set(item) != {"intent", "examples"} or not isinstance(item["examples"], str):
            raise BotExportError(f"{path}: an nlu item needs 'intent' and 'examples' text")
        if item["intent"] in seen:
            raise BotExportError(f"{path}: intent {item['intent']!r} appears twice")
        seen.add(item["intent"])
        for line in item["examples"].splitlines():
            if not line.startswith("- ") or "[" in re.sub(r"\[[^\]]+\]\([a-z_]+\)", "", line):
                raise BotExportError(f"{path}: {item['intent']}: bad example line {line!r}")
    return len(seen)


def _csv_text(intents: list[BotIntent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["intent", "utterance", "slots"])
    for intent in intents:
        for utterance in intent.utterances:
            writer.writerow([intent.topic_id, utterance, ";".join(intent.slots)])
    return out.getvalue()


def validate_csv(path: Path) -> int:
    """Check the CSV's header and values; returns how many intents it holds."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or rows[0] != ["intent", "utterance", "slots"]:
        raise BotExportError(f"{path}: header must be intent,utterance,slots")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 3 or not row[0] or not row[1]:
            raise BotExportError(f"{path}: row {number}: expected intent, utterance, slots")
        unknown = [s for s in row[2].split(";") if s and s not in LEX_SLOT_TYPES]
        if unknown:
            raise BotExportError(f"{path}: row {number}: unknown slot type(s) {unknown}")
    return len({row[0] for row in rows[1:]})


def handover_markdown(intents: list[BotIntent]) -> str:
    lines = ["# Bot handover notes", ""]
    for intent in intents:
        fcr = (
            "unknown"
            if intent.first_contact_resolution_rate is None
            else f"{intent.first_contact_resolution_rate:.0%}"
        )
        lines += [
            f"## {intent.topic_id}: {intent.name} (candidate #{intent.rank})",
            "",
            f"- Volume: {intent.contacts:,} contacts in {intent.window} "
            f"(about {intent.weekly_average_contacts:.0f} a week)",
            f"- Agent hours a year: {intent.agent_hours_per_year:,.1f}",
            f"- Resolved at first contact today: {fcr}",
            f"- Slots: {', '.join(intent.slots) or 'none'}",
            f"- Hand back to a person: {HAND_BACK}.",
            "",
        ]
    return "\n".join(lines)


def write_bot_export(intents: list[BotIntent], output_dir: Path, fmt: str) -> Path:
    """Write ``intents`` in ``fmt`` to ``output_dir``, validate it, return the main file."""
    if fmt not in FORMATS:
        raise BotExportError(f"unsupported format {fmt!r}; supported: {', '.join(FORMATS)}")
    if not intents:
        raise BotExportError("no intent to export (see the candidates left out above)")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "handover.md").write_text(handover_markdown(intents), encoding="utf-8")
    if fmt == "lex_v2":
        path = output_dir / f"{BOT_NAME}_LexJson.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, document in _lex_files(intents).items():
                archive.writestr(name, json.dumps(document, indent=2))
        validate_lex_zip(path)
    elif fmt == "rasa":
        path = output_dir / "nlu.yml"
        path.write_text(_rasa_document(intents), encoding="utf-8")
        validate_rasa(path)
    else:
        path = output_dir / "bot_intents.csv"
        path.write_text(_csv_text(intents), encoding="utf-8")
        validate_csv(path)
    return path
