"""The topic taxonomy: what residents contact the council about.

The taxonomy is a YAML file (format in docs/architecture.md). The packaged default lives at
``pipelines/data/taxonomy.yaml``; a council points ``CONTACT_TOPICS_TAXONOMY_FILE`` at its own.
Loading checks the file thoroughly, because the classifier's training labels (wrap-up codes ->
topics) and the published ``dim_topics`` table both come from it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pipelines.contract import UNCLASSIFIED

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED_KEYS = ("id", "name", "service_area", "description", "safeguarding", "wrap_up_codes")
_PROVENANCE_KEYS = ("promoted_from", "promoted_by", "promoted_at")


class TaxonomyError(ValueError):
    """The taxonomy file is missing or malformed; the message names the file and the topic."""


@dataclass(frozen=True)
class Topic:
    """One topic residents contact the council about."""

    id: str
    name: str
    service_area: str
    lgsl: int | None
    description: str
    safeguarding: bool
    wrap_up_codes: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    promoted_from: str | None = None
    promoted_by: str | None = None
    promoted_at: str | None = None


@dataclass(frozen=True)
class Taxonomy:
    """The topics, in file order, with lookups by id and by wrap-up code."""

    topics: tuple[Topic, ...]
    version: int = 1
    path: Path | None = None
    by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {t.id: t for t in self.topics})

    @property
    def ids(self) -> list[str]:
        """Topic ids in file order."""
        return [t.id for t in self.topics]

    def wrap_up_code_map(self) -> dict[str, str]:
        """Every wrap-up code (as written in the file) -> its topic id."""
        return {code: t.id for t in self.topics for code in t.wrap_up_codes}

    def safeguarding_ids(self) -> set[str]:
        """Ids of safeguarding topics (never automation candidates)."""
        return {t.id for t in self.topics if t.safeguarding}

    def topic_for_code(self, code: str | None) -> str | None:
        """The topic a wrap-up code belongs to (case and surrounding spaces ignored), or None."""
        if code is None:
            return None
        lookup = {k.strip().lower(): v for k, v in self.wrap_up_code_map().items()}
        return lookup.get(code.strip().lower())


def _fail(where: Path | str, message: str) -> TaxonomyError:
    return TaxonomyError(f"{where}: {message}")


def _text_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise TaxonomyError(f"{where}: '{key}' must be a list of strings")
    items = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise TaxonomyError(f"{where}: '{key}' holds an empty or non-text entry: {item!r}")
        items.append(item.strip())
    return tuple(items)


def _optional_text(raw: dict[str, Any], key: str, label: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float | date) or isinstance(value, bool):
        raise TaxonomyError(f"{label}: '{key}' must be text, got {value!r}")
    return str(value).strip() or None


def _parse_topic(raw: Any, index: int, where: Path | str) -> Topic:
    label = f"{where}: topic #{index + 1}"
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{label}: expected a mapping of keys, got {type(raw).__name__}")
    if isinstance(raw.get("id"), str):
        label = f"{where}: topic '{raw['id']}'"
    missing = [k for k in _REQUIRED_KEYS if k not in raw or raw[k] is None or raw[k] == ""]
    if missing:
        raise TaxonomyError(f"{label}: missing required field(s) {missing}")
    if "lgsl" not in raw:
        raise TaxonomyError(f"{label}: missing field 'lgsl' (write 'lgsl: null' if none fits)")
    topic_id = str(raw["id"])
    if not _ID_PATTERN.match(topic_id):
        raise TaxonomyError(f"{label}: id must be snake_case (a-z, 0-9, _), got {topic_id!r}")
    if topic_id == UNCLASSIFIED:
        raise TaxonomyError(f"{label}: the id '{UNCLASSIFIED}' is reserved")
    lgsl = raw["lgsl"]
    if lgsl is not None and (isinstance(lgsl, bool) or not isinstance(lgsl, int) or lgsl <= 0):
        raise TaxonomyError(f"{label}: lgsl must be a positive whole number or null, got {lgsl!r}")
    if not isinstance(raw["safeguarding"], bool):
        raise TaxonomyError(f"{label}: safeguarding must be true or false")
    codes = _text_list(raw["wrap_up_codes"], label, "wrap_up_codes")
    return Topic(
        id=topic_id,
        name=str(raw["name"]).strip(),
        service_area=str(raw["service_area"]).strip(),
        lgsl=lgsl,
        description=str(raw["description"]).strip(),
        safeguarding=raw["safeguarding"],
        wrap_up_codes=codes,
        examples=_text_list(raw.get("examples"), label, "examples"),
        **{key: _optional_text(raw, key, label) for key in _PROVENANCE_KEYS},
    )


def parse_taxonomy(data: Any, where: Path | str = "<taxonomy>") -> Taxonomy:
    """Check a taxonomy's content and build a :class:`Taxonomy`."""
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise _fail(where, "expected a mapping with a 'topics' list at the top level")
    if not data["topics"]:
        raise _fail(where, "the 'topics' list is empty")
    topics = [_parse_topic(raw, i, where) for i, raw in enumerate(data["topics"])]
    seen: dict[str, int] = {}
    for i, topic in enumerate(topics):
        if topic.id in seen:
            raise _fail(
                where,
                f"duplicate topic id '{topic.id}' (topics #{seen[topic.id] + 1} and #{i + 1})",
            )
        seen[topic.id] = i
    owner: dict[str, tuple[str, str]] = {}
    for topic in topics:
        for code in topic.wrap_up_codes:
            key = code.lower()
            if key in owner and owner[key][0] != topic.id:
                raise _fail(
                    where,
                    f"wrap-up code '{code}' is mapped to two topics: "
                    f"'{owner[key][0]}' and '{topic.id}'",
                )
            owner[key] = (topic.id, code)
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(where, f"version must be a whole number, got {version!r}")
    return Taxonomy(
        topics=tuple(topics), version=version, path=where if isinstance(where, Path) else None
    )


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and check a taxonomy file (default: the one packaged with contact-topics)."""
    source = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TaxonomyError(f"taxonomy file not found: {source}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{source}: not valid YAML: {exc}") from exc
    return parse_taxonomy(data, source)


def _yaml_line(key: str, value: Any) -> str:
    """One ``key: value`` line of a topic block, value written as YAML flow (quoted safely)."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return f"    {key}: {dumped.strip().removesuffix('...').strip()}"


def append_topic(path: Path, topic: Topic) -> Taxonomy:
    """Add ``topic`` at the end of the taxonomy file at ``path``; existing topics are untouched.

    The file's text (comments, order, layout) is kept and the new topic's block is appended to
    the ``topics`` list, which must be the file's last key. The result is loaded and checked;
    when it fails (a duplicate id, a wrap-up code already used...) the file is restored and the
    :class:`TaxonomyError` is raised.
    """
    path = Path(path)
    before = load_taxonomy(path)
    if topic.id in before.by_id:
        raise TaxonomyError(f"{path}: topic id '{topic.id}' already exists")
    original = path.read_text(encoding="utf-8")
    fields: list[tuple[str, Any]] = [
        ("id", topic.id),
        ("name", topic.name),
        ("service_area", topic.service_area),
        ("lgsl", topic.lgsl),
        ("description", topic.description),
        ("safeguarding", topic.safeguarding),
        ("wrap_up_codes", list(topic.wrap_up_codes)),
        ("examples", list(topic.examples)),
        *((key, getattr(topic, key)) for key in _PROVENANCE_KEYS if getattr(topic, key)),
    ]
    lines = [_yaml_line(key, value) for key, value in fields]
    block = "\n  - " + lines[0].strip() + "\n" + "\n".join(lines[1:]) + "\n"
    path.write_text(original.rstrip("\n") + "\n" + block, encoding="utf-8")
    try:
        after = load_taxonomy(path)
        if after.ids != [*before.ids, topic.id]:
            raise TaxonomyError(
                f"{path}: the new topic did not land at the end of the 'topics' list "
                "(is 'topics' the file's last key?)"
            )
    except TaxonomyError:
        path.write_text(original, encoding="utf-8")
        raise
    return after


def load_taxonomy_tables(con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy) -> int:
    """Load the taxonomy into ``raw.topics`` and ``raw.topic_wrap_up_codes``.

    Reloaded on every run (delete-then-insert in one transaction), so editing the taxonomy file
    and re-running is enough; dbt reads these tables as sources.
    """
    now = datetime.now(UTC)
    topics = [
        (t.id, t.name, t.service_area, t.lgsl, t.description, t.safeguarding, now)
        for t in taxonomy.topics
    ]
    codes = sorted(taxonomy.wrap_up_code_map().items())
    con.begin()
    try:
        con.execute("delete from raw.topics")
        con.execute("delete from raw.topic_wrap_up_codes")
        con.executemany("insert into raw.topics values (?, ?, ?, ?, ?, ?, ?)", topics)
        if codes:
            con.executemany("insert into raw.topic_wrap_up_codes values (?, ?)", codes)
        con.commit()
    except Exception:
        con.rollback()
        raise
    log.info("taxonomy: %d topics, %d wrap-up codes loaded", len(topics), len(codes))
    return len(topics)
