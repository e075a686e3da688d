"""Give each simulated contact its identity: contact id, caller reference, wrap-up code, text.

Runs row by row in Python (text composition does not vectorise), drawing from one seeded
``random.Random`` so the result depends only on the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import polars as pl

from pipelines.generator.people import Population, Resident, name_phrase, pd_phrases
from pipelines.generator.phrases import (
    Extras,
    PhraseBank,
    TopicBank,
    agent_note,
    chat_transcript,
    counter_note,
    written_message,
)
from pipelines.taxonomy import Taxonomy

# Share of contacts with a wrap-up code, and the share of those that are wrong, by channel.
CODE_PRESENT = {
    "phone": 0.93,
    "webchat": 0.25,
    "app": 0.25,
    "web_form": 0.75,
    "face_to_face": 0.6,
    "email": 0.3,
    "social": 0.1,
}
CODE_WRONG = {
    "phone": 0.04,
    "webchat": 0.05,
    "app": 0.05,
    "web_form": 0.07,
    "face_to_face": 0.03,
    "email": 0.03,
    "social": 0.03,
}
# Share of texts carrying personal data, by who writes them.
PD_SHARE = {"agent": 0.3, "resident": 0.45}
WITHHELD_CLI = 0.04
VAGUE_SHARE = 0.03  # texts with no topic words ("can someone call me back")


@dataclass
class Codes:
    """A topic's codes in each system: telephony wrap codes, CRM case type, webchat tag."""

    telephony: tuple[str, ...]
    crm: str
    webchat: str
    service_area: str


@dataclass
class Composed:
    contact_id: list[str] = field(default_factory=list)
    caller_ref: list[str | None] = field(default_factory=list)
    wrap_code: list[str | None] = field(default_factory=list)
    is_wrap_error: list[bool] = field(default_factory=list)
    text: list[str | None] = field(default_factory=list)
    is_vague: list[bool] = field(default_factory=list)
    personal_data: list[dict[str, str]] = field(default_factory=list)


def topic_codes(taxonomy: Taxonomy, bank: PhraseBank) -> dict[str, Codes]:
    """Codes by topic. The taxonomy lists each topic's telephony codes, then its CRM case type,
    then its webchat tag (the packaged file keeps that order)."""
    out: dict[str, Codes] = {}
    for t in taxonomy.topics:
        if len(t.wrap_up_codes) < 3:
            raise ValueError(
                f"taxonomy topic '{t.id}' needs at least 3 wrap-up codes (telephony, "
                "CRM case type, webchat tag) for the sample generator"
            )
        out[t.id] = Codes(
            t.wrap_up_codes[:-2], t.wrap_up_codes[-2], t.wrap_up_codes[-1], t.service_area
        )
    em = bank.emerging_codes
    out[bank.emerging.id] = Codes(em[:-2], em[-2], em[-1], "Waste and recycling")
    return out


def _contact_ids(sources: list[str], rng: random.Random) -> list[str]:
    seen: set[str] = set()
    counters = {"telephony": 30_000_000, "crm": 1_000_000}
    out = []
    for source in sources:
        if source == "webchat":
            while True:
                cid = f"LC-{rng.getrandbits(40):010X}"
                if cid not in seen:
                    break
            seen.add(cid)
        elif source == "telephony":
            counters[source] += 1
            cid = str(counters[source])
        else:
            counters[source] += 1
            cid = f"CAS-{counters[source]:07d}"
        out.append(cid)
    return out


def _wrap_code(
    topic: str,
    channel: str,
    outcome: str,
    codes: dict[str, Codes],
    same_area: dict[str, list[str]],
    rng: random.Random,
) -> tuple[str | None, bool]:
    if outcome == "abandoned" and channel == "phone":
        return None, False
    if rng.random() >= CODE_PRESENT[channel]:
        return None, False
    chosen = topic
    wrong = rng.random() < CODE_WRONG[channel]
    if topic == "food_waste_caddies" and rng.random() < 0.1:
        chosen, wrong = "new_bin", True
    elif wrong:
        pool = (
            same_area[topic]
            if same_area[topic] and rng.random() < 0.6
            else [t for t in codes if t != topic and t != "food_waste_caddies"]
        )
        chosen = rng.choice(pool)
    c = codes[chosen]
    if channel == "phone":
        return rng.choice(c.telephony), wrong
    return (c.webchat if channel in ("webchat", "app") else c.crm), wrong


def _caller_ref(resident: Resident, channel: str, rng: random.Random) -> str | None:
    if channel == "phone":
        if rng.random() < WITHHELD_CLI:
            return None
        return resident.mobile if resident.number % 3 else "+44" + resident.mobile[1:]
    if channel in ("webchat", "app"):
        return resident.email if resident.number % 5 < 3 else resident.visitor_id
    return resident.customer_ref


def compose(
    contacts: pl.DataFrame, bank: PhraseBank, taxonomy: Taxonomy, rng: random.Random, seed: int
) -> Composed:
    """Ids, caller references, wrap-up codes, texts and the personal data planted in them."""
    banks: dict[str, TopicBank] = {**bank.topics, bank.emerging.id: bank.emerging}
    codes = topic_codes(taxonomy, bank)
    same_area = {
        t: [
            u
            for u, c in codes.items()
            if u != t and c.service_area == codes[t].service_area and u != bank.emerging.id
        ]
        for t in codes
    }
    residents = Population(int(contacts.get_column("resident").max() or 0) + 1, seed)
    out = Composed()
    sources = contacts.get_column("source_system").to_list()
    out.contact_id = _contact_ids(sources, rng)
    rows = contacts.select("topic_id", "channel", "outcome", "resident", "is_vulnerable").rows()
    for i, (topic, channel, outcome, number, vulnerable) in enumerate(rows):
        resident = residents.get(number)
        out.caller_ref.append(_caller_ref(resident, channel, rng))
        code, wrong = _wrap_code(topic, channel, outcome, codes, same_area, rng)
        out.wrap_code.append(code)
        out.is_wrap_error.append(wrong)
        vague = rng.random() < VAGUE_SHARE
        text, planted = _text(banks[topic], channel, outcome, resident, vulnerable, vague, rng)
        out.text.append(text)
        out.is_vague.append(vague and text is not None)
        for kind, value in planted:
            out.personal_data.append(
                {
                    "contact_id": out.contact_id[i],
                    "source_system": sources[i],
                    "kind": kind,
                    "value": value,
                }
            )
    return out


def _text(
    tb: TopicBank,
    channel: str,
    outcome: str,
    resident: Resident,
    vulnerable: bool,
    vague: bool,
    rng: random.Random,
) -> tuple[str | None, list[tuple[str, str]]]:
    """The contact's text and the (kind, value) personal data planted in it."""
    if channel == "phone" and outcome == "abandoned":
        return None, []
    voice = "agent" if channel in ("phone", "face_to_face") else "resident"
    planted: list[tuple[str, str]] = []
    phrases: list[str] = []
    if rng.random() < PD_SHARE[voice]:
        count = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.85 else 3)
        for kind, value, phrase in pd_phrases(resident, tb.id, rng, voice, count):
            planted.append((kind, value))
            phrases.append(phrase)
    opener_name = None
    if voice == "agent" and rng.random() < 0.15:
        opener_name, _ = name_phrase(resident, rng, "agent")
        planted.append(("name", opener_name))
    elif voice == "resident" and channel != "email" and rng.random() < 0.15:
        value, phrase = name_phrase(resident, rng, "resident")
        planted.append(("name", value))
        phrases.insert(0, phrase)
    extras = Extras(pd_phrases=phrases, vulnerable=vulnerable, vague=vague)
    if channel == "phone":
        return agent_note(tb, rng, extras, opener_name), planted
    if channel == "face_to_face":
        return counter_note(tb, rng, extras, opener_name), planted
    if channel in ("webchat", "app"):
        return chat_transcript(tb, rng, extras, outcome == "abandoned"), planted
    sign_off = None
    if channel == "email" and rng.random() < 0.5:
        sign_off = f"{resident.first} {resident.last}"
        planted.append(("name", sign_off))
    return written_message(tb, rng, extras, channel, sign_off), planted
