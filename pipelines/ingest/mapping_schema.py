"""The mapping file's schema, its safe YAML loader and the timestamp formats it may declare.

A mapping file is checked here before anything reads it, so a mistake gives one clear message
naming the file and the key (``council.yaml: key 'values.channel' must be a mapping ...``),
never a traceback:

- size: at most :data:`MAX_MAPPING_BYTES` (a mapping is a few dozen lines);
- YAML aliases (``*name``) are refused: a 520-byte "billion laughs" file of nested aliases
  expanded to 3 GB in ``yaml.safe_load``. A mapping never needs them;
- every key must be a known one, with the right type (a ``values`` list where a mapping is
  expected, a number where a column name is expected ...);
- ``timezone`` must be an IANA zone, ``csv.delimiter`` one character, and every
  ``timestamp_formats`` entry a format built from the directives in :data:`DIRECTIVES`.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

MAX_MAPPING_BYTES = 64 * 1024

# key -> (type description, check); nested sections are checked by their own functions
TOP_LEVEL_KEYS = (
    "name",
    "source_system",
    "file_pattern",
    "format",
    "timezone",
    "timestamp_formats",
    "columns",
    "constants",
    "values",
    "csv",
    "fields",
    "join_files",
)
CSV_KEYS = ("delimiter", "trailer")

# chrono directives a declared timestamp format may use -> the strict regex a value must match
DIRECTIVES: dict[str, str] = {
    "%Y": r"\d{4}",
    "%y": r"\d{2}",
    "%m": r"\d{1,2}",
    "%d": r"\d{1,2}",
    "%e": r" ?\d{1,2}",
    "%H": r"\d{1,2}",
    "%I": r"\d{1,2}",
    "%M": r"\d{2}",
    "%S": r"\d{2}",
    "%.f": r"(?:\.\d{1,9})?",
    "%f": r"\d{1,9}",
    "%p": r"(?i:AM|PM)",
    "%b": r"[A-Za-z]{3}",
    "%B": r"[A-Za-z]{3,9}",
    "%z": r"(?:Z|[+-]\d{2}:?\d{2})",
    "%:z": r"(?:Z|[+-]\d{2}:\d{2})",
    "%%": "%",
}
_DIRECTIVE = re.compile(r"%(?:\.f|:z|.)")


class MappingError(ValueError):
    """A mapping file is malformed, or no mapping fits a file."""


class _NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases, so a small file cannot expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401 - PyYAML's API
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"YAML aliases (*{event.anchor}) are not allowed in a mapping file: write the "
                "value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def load_yaml(path: Path) -> Any:  # noqa: ANN401
    """The file's YAML, read with size and alias caps; any problem raises :class:`MappingError`."""
    try:
        size = path.stat().st_size
        if size > MAX_MAPPING_BYTES:
            raise MappingError(
                f"{path}: the mapping file is {size:,} bytes; a mapping file may be at most "
                f"{MAX_MAPPING_BYTES:,} bytes"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_MAPPING_BYTES + 1)
    except FileNotFoundError as exc:
        raise MappingError(f"mapping file not found: {path}") from exc
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping file: {exc}") from exc
    if len(data) > MAX_MAPPING_BYTES:  # grew after stat
        raise MappingError(f"{path}: the mapping file is over {MAX_MAPPING_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MappingError(f"{path}: the mapping file is not UTF-8 (byte {exc.start})") from exc
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise MappingError(f"{path}: the YAML is nested too deeply") from exc


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"[:80]


def _unknown(keys: object, known: tuple[str, ...], where: str, section: str) -> None:
    unknown = [k for k in keys if k not in known]  # type: ignore[union-attr]
    if not unknown:
        return
    key = unknown[0]
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise MappingError(
        f"{where}: unknown key '{section}{key}'{hint}; known keys: {', '.join(known)}"
    )


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool) and value is not None


def check_schema(data: object, where: str) -> None:
    """Raise :class:`MappingError` naming the file and the key for the first problem."""
    if not isinstance(data, dict):
        raise MappingError(
            f"{where}: expected a YAML mapping (key: value lines) at the top level, "
            f"got {_type_name(data)}"
        )
    _unknown(data, TOP_LEVEL_KEYS, where, "")
    for key in ("name", "source_system", "file_pattern", "format", "timezone"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise MappingError(f"{where}: key '{key}' must be text, not {_type_name(data[key])}")
    zone = data.get("timezone")
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise MappingError(
                f"{where}: key 'timezone': {zone!r} is not an IANA time zone "
                "(for example Europe/London)"
            ) from exc
    formats = data.get("timestamp_formats")
    if formats is not None:
        items = [formats] if isinstance(formats, str) else formats
        if not isinstance(items, list) or not all(isinstance(f, str) for f in items):
            raise MappingError(
                f"{where}: key 'timestamp_formats' must be a list of formats such as "
                f"'%d/%m/%Y %H:%M:%S', not {_type_name(formats)}"
            )
        for item in items:
            format_regex(item, f"{where}: key 'timestamp_formats'")
    _check_columns(data.get("columns"), where)
    for section in ("constants", "values"):
        value = data.get(section)
        if value is not None and not isinstance(value, dict):
            raise MappingError(
                f"{where}: key '{section}' must be a mapping of contract field -> ..., "
                f"not {_type_name(value)}"
            )
    for key, value in (data.get("constants") or {}).items():
        if not _scalar(value):
            raise MappingError(
                f"{where}: key 'constants.{key}' must be one value, not {_type_name(value)}"
            )
    for key, value in (data.get("values") or {}).items():
        if value is None:
            continue
        if not isinstance(value, dict):
            raise MappingError(
                f"{where}: key 'values.{key}' must be a mapping of source value -> contract "
                f"value (for example 'Phone Call: phone'), not {_type_name(value)}"
            )
        for source, target in value.items():
            if not _scalar(source) or not isinstance(target, str):
                raise MappingError(
                    f"{where}: key 'values.{key}.{source}' must map one source value to one "
                    f"contract value (text), not {_type_name(target)}"
                )
    _check_csv(data.get("csv"), where)
    check_nested(data, where)


def _check_columns(columns: object, where: str) -> None:
    if columns is None:
        return
    if not isinstance(columns, dict):
        raise MappingError(
            f"{where}: key 'columns' must be a mapping of contract field -> source column "
            f"name, not {_type_name(columns)}"
        )
    for key, value in columns.items():
        if isinstance(value, str) and value:
            continue
        listed = key == "text" and isinstance(value, list) and bool(value)
        if listed and all(isinstance(v, str) and v for v in value):  # type: ignore[union-attr]
            continue
        allowed = "a source column name" + (" or a list of them" if key == "text" else "")
        raise MappingError(
            f"{where}: key 'columns.{key}' must be {allowed} (quote it if it looks like a "
            f"number), not {_type_name(value)}"
        )


JOIN_KEYS = ("name", "files", "key", "export_key", "format")


def check_nested(data: dict[str, Any], where: str) -> None:
    """``fields`` (name -> path, {seconds_between: [A, B]} or {join: PATH, separator})
    and ``join_files`` (a list of {name, files, key, export_key, format})."""
    fields = data.get("fields")
    if fields is not None and not isinstance(fields, dict):
        raise MappingError(f"{where}: key 'fields' must be a mapping of name -> path or rule")
    for name, spec in (fields or {}).items():
        key = f"{where}: key 'fields.{name}'"
        if isinstance(spec, str) and spec:
            continue
        if not isinstance(spec, dict) or len(set(spec) - {"separator"}) != 1:
            raise MappingError(
                f"{key} must be a path (Queue.Name), {{seconds_between: [FROM, TO]}}, "
                f"{{sum: [PATHS]}} or {{join: LIST_PATH, separator: ' '}}, not {_type_name(spec)}"
            )
        if "seconds_between" in spec:
            pair = spec["seconds_between"]
            if not (
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            ):
                raise MappingError(
                    f"{where}: key 'fields.{name}.seconds_between' must be two paths [FROM, TO]"
                )
        elif "sum" in spec:
            paths = spec["sum"]
            if not (isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths)):
                raise MappingError(f"{where}: key 'fields.{name}.sum' must be a list of paths")
        elif "join" in spec:
            if not isinstance(spec["join"], str) or not isinstance(spec.get("separator", " "), str):
                raise MappingError(f"{where}: key 'fields.{name}.join' must be a path to a list")
        else:
            _unknown(
                spec, ("seconds_between", "sum", "join", "separator"), where, f"fields.{name}."
            )
    joins = data.get("join_files")
    if joins is None:
        return
    if not isinstance(joins, list):
        raise MappingError(f"{where}: key 'join_files' must be a list of joins")
    for number, join in enumerate(joins, start=1):
        if not isinstance(join, dict):
            raise MappingError(f"{where}: join_files entry {number} must be a mapping")
        _unknown(join, JOIN_KEYS, where, f"join_files[{number}].")
        for required in ("name", "files", "key", "export_key"):
            if not isinstance(join.get(required), str) or not join[required]:
                raise MappingError(
                    f"{where}: join_files entry {number} needs '{required}' (text): name the "
                    "struct it adds, files a glob beside the export, key the path in the joined "
                    "file, export_key the path in the export"
                )


def _check_csv(section: object, where: str) -> None:
    if section is None:
        return
    if not isinstance(section, dict):
        raise MappingError(
            f"{where}: key 'csv' must be a mapping (delimiter, trailer), not {_type_name(section)}"
        )
    _unknown(section, CSV_KEYS, where, "csv.")
    delimiter = section.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise MappingError(
            f"{where}: key 'csv.delimiter' must be one character other than a quote or a "
            f"line break (for example ',' or ';'), not {_type_name(delimiter)}"
        )
    trailer = section.get("trailer")
    if trailer is not None and not isinstance(trailer, str):
        raise MappingError(
            f"{where}: key 'csv.trailer' must be a regex (text), not {_type_name(trailer)}"
        )


def _escape(literal: str) -> str:
    """Escape regex metacharacters only: the pattern must mean the same to Python's ``re`` and
    to Rust's ``regex`` (polars), which refuses escapes such as ``\\ `` that ``re.escape`` adds."""
    return "".join("\\" + c if c in r"\.+*?()|[]{}^$#&-~" else c for c in literal)


def format_regex(fmt: str, where: str = "timestamp format") -> re.Pattern[str]:
    """The strict regex a value must match in full to be read with ``fmt``.

    chrono (polars) reads ``%Y`` from any number of digits, so ``17/11/26`` parses with
    ``%d/%m/%Y`` as the year 26; this regex demands four. Raises :class:`MappingError` for
    a directive outside :data:`DIRECTIVES` or a format without a year, month and day.
    """
    parts: list[str] = []
    position = 0
    found: set[str] = set()
    for match in _DIRECTIVE.finditer(fmt):
        parts.append(_escape(fmt[position : match.start()]))
        directive = match.group(0)
        if directive not in DIRECTIVES:
            raise MappingError(
                f"{where}: {fmt!r} uses {directive!r}, which is not supported; use "
                f"{', '.join(DIRECTIVES)}"
            )
        found.add(directive)
        parts.append(DIRECTIVES[directive])
        position = match.end()
    parts.append(_escape(fmt[position:]))
    if not ({"%Y", "%y"} & found and {"%m", "%b", "%B"} & found and {"%d", "%e"} & found):
        raise MappingError(
            f"{where}: {fmt!r} must give a year (%Y or %y), a month (%m, %b or %B) and a day "
            "(%d or %e)"
        )
    return re.compile("".join(parts))
