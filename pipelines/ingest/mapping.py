"""Mapping files: how one source's export maps onto the contact contract.

A mapping is a small YAML file (format in docs/architecture.md). Presets for the formats we know
ship in ``pipelines/ingest/presets/``; a council adds its own by pointing ``--mapping`` at a file.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.contract import CHANNELS, CONTRACT_FIELDS, OUTCOMES, TIMEZONE
from pipelines.ingest.mapping_schema import MappingError, check_schema, load_yaml
from pipelines.ingest.nested import check_paths

PRESETS_DIR = Path(__file__).resolve().parent / "presets"

FORMATS = ("csv", "jsonl", "parquet", "json", "xml")
CHOOSE_MAPPING = (
    "Set CONTACT_TOPICS_MAPPING (the Airflow ingest DAG: a preset name or mapping YAML file for "
    "every file in the landing location), or pass --mapping NAME_OR_FILE on the command line"
)


@dataclass(frozen=True)
class Mapping:
    name: str
    source_system: str
    format: str
    columns: dict[str, str]
    file_pattern: str | None = None
    timezone: str = TIMEZONE
    timestamp_formats: tuple[str, ...] = ()
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    csv_delimiter: str = ","
    csv_trailer: str | None = None
    """A regex for the export's last line giving its data-row count (one group), if it has one."""
    path: Path | None = None
    text_columns: tuple[str, ...] = ()
    """All the source columns of ``text`` when the mapping lists several (joined with ". ")."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Computed or nested source values by name (paths, seconds_between, join: nested.py)."""
    join_files: tuple[dict[str, str], ...] = ()
    """Files joined to each record by a key (name, files, key, export_key, format)."""

    def matches(self, file: Path) -> bool:
        if self.file_pattern is None:
            return False
        name = file.name.lower()
        for suffix in (".gz", ".zip"):  # a compressed export matches as its uncompressed name
            name = name.removesuffix(suffix)
        return fnmatch.fnmatch(name, self.file_pattern.lower())

    def value_map(self, contract_field: str) -> dict[str, str]:
        """The field's value map with lower-cased, stripped keys (matching is case-insensitive)."""
        return {
            str(k).strip().lower(): str(v) for k, v in self.values.get(contract_field, {}).items()
        }


def _require(data: dict[str, Any], key: str, where: Path | str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise MappingError(f"{where}: missing required key '{key}'")
    return data[key]


def parse_mapping(data: dict[str, Any], where: Path | str = "<mapping>") -> Mapping:
    """Check a mapping's content and build a :class:`Mapping` (errors name the file and key)."""
    check_schema(data, str(where))
    name = str(_require(data, "name", where))
    fmt = str(_require(data, "format", where)).lower()
    if fmt not in FORMATS:
        raise MappingError(f"{where}: format '{fmt}' is not one of {', '.join(FORMATS)}")
    columns = dict(data.get("columns") or {})
    text_columns: tuple[str, ...] = ()
    if isinstance(columns.get("text"), list):
        # text may come from several columns (e.g. a title and a closure note), joined in order
        text_columns = tuple(str(c) for c in columns["text"])
        if not text_columns:
            raise MappingError(f"{where}: columns.text is an empty list")
        columns["text"] = text_columns[0]
    constants = {str(k): str(v) for k, v in (data.get("constants") or {}).items()}
    values = data.get("values") or {}
    for section, keys in (("columns", columns), ("constants", constants), ("values", values)):
        unknown = sorted(set(keys) - set(CONTRACT_FIELDS))
        if unknown:
            raise MappingError(
                f"{where}: {section} names unknown contract field(s) {unknown}; "
                f"known fields: {', '.join(CONTRACT_FIELDS)}"
            )
    for required in ("contact_id", "started_at", "channel"):
        if required not in columns and required not in constants:
            raise MappingError(
                f"{where}: the contract field '{required}' needs a source column (columns) "
                "or a fixed value (constants)"
            )
    for target_field, allowed in (("channel", CHANNELS), ("outcome", OUTCOMES)):
        targets = list((values.get(target_field) or {}).values())
        if target_field in constants:
            targets.append(constants[target_field])
        bad = sorted({str(v) for v in targets} - set(allowed))
        if bad:
            raise MappingError(
                f"{where}: {target_field} maps to {bad}, which are not contract values "
                f"({', '.join(allowed)})"
            )
    if fmt in ("json", "xml") or data.get("fields") or data.get("join_files"):
        check_paths(columns, text_columns, dict(data.get("fields") or {}), str(where))
    formats = data.get("timestamp_formats") or []
    if isinstance(formats, str):
        formats = [formats]
    return Mapping(
        name=name,
        source_system=str(data.get("source_system") or constants.get("source_system") or name),
        format=fmt,
        columns={str(k): str(v) for k, v in columns.items()},
        file_pattern=data.get("file_pattern"),
        timezone=str(data.get("timezone") or TIMEZONE),
        timestamp_formats=tuple(str(f) for f in formats),
        constants=constants,
        values={str(k): dict(v or {}) for k, v in values.items()},
        csv_delimiter=str((data.get("csv") or {}).get("delimiter", ",")),
        csv_trailer=_trailer((data.get("csv") or {}).get("trailer"), where),
        path=Path(where) if not isinstance(where, Path) else where,
        text_columns=text_columns,
        fields=dict(data.get("fields") or {}),
        join_files=tuple(
            {str(k): str(v) for k, v in j.items()} for j in data.get("join_files") or ()
        ),
    )


def _trailer(pattern: object, where: Path | str) -> str | None:
    """``csv.trailer``: a regex with exactly one group, the row count (None when not set)."""
    if pattern is None:
        return None
    try:
        groups = re.compile(str(pattern)).groups
    except re.error as exc:
        raise MappingError(f"{where}: csv.trailer {pattern!r} is not a valid regex: {exc}") from exc
    if groups != 1:
        raise MappingError(
            f"{where}: csv.trailer {pattern!r} must have exactly one group, the row count "
            r"(e.g. '^TOTAL RECORDS: (\d+)$'), not {groups}"
        )
    return str(pattern)


def load_mapping_file(path: Path) -> Mapping:
    """Read and check a mapping file (size and alias caps, schema: see mapping_schema.py)."""
    return parse_mapping(load_yaml(Path(path)), path)


def load_presets(presets_dir: Path = PRESETS_DIR) -> list[Mapping]:
    """Every preset shipped with the package, sorted by name."""
    return sorted(
        (load_mapping_file(p) for p in sorted(presets_dir.glob("*.yaml"))), key=lambda m: m.name
    )


def resolve_mapping(name_or_path: str | Path) -> Mapping:
    """A preset by name, or a mapping file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return load_mapping_file(candidate)
    presets = {m.name: m for m in load_presets()}
    if str(name_or_path) not in presets:
        raise MappingError(
            f"no mapping preset named '{name_or_path}'; presets: {', '.join(sorted(presets))} "
            "(or give the path of a mapping YAML file)"
        )
    return presets[str(name_or_path)]


def detect_mapping(file: Path, mappings: list[Mapping]) -> Mapping:
    """The one mapping whose file_pattern matches the file's name."""
    found = [m for m in mappings if m.matches(file)]
    if len(found) == 1:
        return found[0]
    if not found:
        patterns = ", ".join(f"{m.name} ({m.file_pattern})" for m in mappings if m.file_pattern)
        raise MappingError(
            f"{file}: no mapping matches this file name; known patterns: {patterns}. "
            f"{CHOOSE_MAPPING}."
        )
    raise MappingError(
        f"{file}: several mappings match this file name ({', '.join(m.name for m in found)}); "
        f"to choose one: {CHOOSE_MAPPING[0].lower()}{CHOOSE_MAPPING[1:]}"
    )
