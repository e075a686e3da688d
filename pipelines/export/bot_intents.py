"""Automation candidates as bot intents: training utterances in residents' own words.

The top N ranked rows of ``automation_candidates`` (never an excluded topic: safeguarding,
unclassified, too many vulnerable contacts, too few contacts; and, checked again here, never a
topic the taxonomy marks ``safeguarding``) each become an intent. Its utterances come from the
warehouse's own redacted contact texts of that topic in the candidate window
(``int_contacts_enriched.text_redacted``) of the channels where residents write
(``RESIDENT_CHANNELS``: not phone or face-to-face, whose texts are agents' notes), never from a
contact with a vulnerability marker,
most common wording first, cleaned by ``pipelines.discovery.phrasings.clean_phrasings``
(residents' words only: agent lines and agents' notes out, nothing cut off, no safeguarding
sign, no near-copies). Redaction placeholders are then handled so a bot never learns them:
``[POSTCODE]``, ``[REFERENCE]`` and ``[ADDRESS]`` become slots; an utterance holding any other
placeholder (``[NAME]``, ``[PHONE]``...) is dropped. An intent with fewer than
``MIN_UTTERANCES`` utterances left is not exported (the reason is reported).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.discovery.phrasings import PLACEHOLDER, clean_phrasings
from pipelines.taxonomy import load_taxonomy

log = logging.getLogger(__name__)

MIN_UTTERANCES = 10
MAX_UTTERANCES = 30
MAX_UTTERANCE_CHARS = 200
# placeholder -> slot name; other placeholders make an utterance unusable
SLOT_OF_PLACEHOLDER = {
    "[POSTCODE]": "postcode",
    "[REFERENCE]": "reference_number",
    "[ADDRESS]": "address",
}
# channels where the resident writes the text; phone and face-to-face texts are agents' notes
RESIDENT_CHANNELS = ("webchat", "email", "web_form", "social", "app")
SLOT_TYPES = ("postcode", "date", "reference_number", "address")
_DATE_WORDS = re.compile(
    r"\b(today|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"\d{1,2}/\d{1,2}(/\d{2,4})?|\d{1,2}(st|nd|rd|th))\b",
    re.IGNORECASE,
)
_NOT_UTTERANCE = re.compile(r"[^A-Za-z0-9 '.,?!{}_-]")


class BotExportError(ValueError):
    """The bot export cannot be made; the message says why."""


@dataclass(frozen=True)
class BotIntent:
    """One intent: utterances use ``{slot}`` where a slot's value was redacted."""

    topic_id: str
    name: str
    description: str
    utterances: tuple[str, ...]
    slots: tuple[str, ...]
    rank: int
    contacts: int
    weekly_average_contacts: float
    agent_hours_per_year: float
    first_contact_resolution_rate: float | None
    window: str


def to_utterance(phrasing: str) -> str | None:
    """``phrasing`` with slot placeholders as ``{slot}``, or None when it cannot be used."""
    text = phrasing
    for placeholder, slot in SLOT_OF_PLACEHOLDER.items():
        text = text.replace(placeholder, "{" + slot + "}")
    if PLACEHOLDER.search(text):
        return None  # a [NAME], [PHONE]... a bot must not learn
    text = " ".join(_NOT_UTTERANCE.sub(" ", text).split())
    if not text or len(text) > MAX_UTTERANCE_CHARS:
        return None
    return text


def slots_needed(utterances: list[str]) -> tuple[str, ...]:
    """Slot types the utterances use or mention (dates are mentioned, not replaced)."""
    found = {slot for slot in SLOT_TYPES if any("{" + slot + "}" in u for u in utterances)}
    if any(_DATE_WORDS.search(u) for u in utterances):
        found.add("date")
    return tuple(slot for slot in SLOT_TYPES if slot in found)


def _relation(con: duckdb.DuckDBPyConnection, name: str) -> str:
    rows = con.execute(
        "select table_schema from information_schema.tables where table_name = ? "
        "order by table_schema = 'published' desc, table_schema",
        [name],
    ).fetchall()
    if not rows:
        raise BotExportError(
            f"the warehouse has no {name}: run the pipeline first ('contact-topics run')"
        )
    return f'"{rows[0][0]}"."{name}"'


def load_bot_intents(
    warehouse: Path, *, top: int, taxonomy_file: Path | None = None
) -> tuple[list[BotIntent], dict[str, str]]:
    """The top ``top`` candidates as intents, and the candidates left out with the reason."""
    if top < 1:
        raise BotExportError(f"--top must be at least 1, got {top}")
    if not Path(warehouse).is_file():
        raise BotExportError(f"no warehouse at {warehouse}: run the pipeline first")
    safeguarding = load_taxonomy(taxonomy_file).safeguarding_ids()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        candidates = con.execute(
            f"""
            select topic_id, topic_name, contacts, weekly_average_contacts,
                agent_hours_per_year, first_contact_resolution_rate, candidate_rank,
                window_start, window_end
            from {_relation(con, "automation_candidates")}
            where not is_excluded and candidate_rank is not null
            order by candidate_rank
            limit ?
            """,
            [top],
        ).fetchall()
        contacts = _relation(con, "int_contacts_enriched")
        intents: list[BotIntent] = []
        left_out: dict[str, str] = {}
        for topic_id, name, n, weekly, hours, fcr, rank, start, end in candidates:
            if topic_id in safeguarding:
                left_out[topic_id] = "a safeguarding topic in the taxonomy"
                continue
            texts = [
                row[0]
                for row in con.execute(
                    f"""
                    select text_redacted, count(*) as n
                    from {contacts}
                    where topic_id = ? and not coalesce(is_vulnerable, true)
                        and channel in ({", ".join("'" + c + "'" for c in RESIDENT_CHANNELS)})
                        and text_redacted is not null and week_start between ? and ?
                    group by text_redacted
                    order by n desc, text_redacted
                    """,
                    [topic_id, start, end],
                ).fetchall()
            ]
            utterances: list[str] = []
            for phrasing in clean_phrasings(texts, 3 * MAX_UTTERANCES, resident_only=True):
                utterance = to_utterance(phrasing)
                if utterance and utterance not in utterances:
                    utterances.append(utterance)
                if len(utterances) == MAX_UTTERANCES:
                    break
            if len(utterances) < MIN_UTTERANCES:
                left_out[topic_id] = (
                    f"only {len(utterances)} clean residents' utterances (needs {MIN_UTTERANCES})"
                )
                continue
            intents.append(
                BotIntent(
                    topic_id=topic_id,
                    name=name,
                    description=f"{name} (automation candidate #{rank})",
                    utterances=tuple(utterances),
                    slots=slots_needed(utterances),
                    rank=int(rank),
                    contacts=int(n),
                    weekly_average_contacts=float(weekly or 0.0),
                    agent_hours_per_year=float(hours or 0.0),
                    first_contact_resolution_rate=None if fcr is None else float(fcr),
                    window=f"{start} to {end}",
                )
            )
    finally:
        con.close()
    for topic_id, reason in left_out.items():
        log.warning("bot export: %s left out: %s", topic_id, reason)
    return intents, left_out
