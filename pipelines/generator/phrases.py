"""Phrasing: topic phrase banks (``phrasebank.yaml``) and how texts are composed from them.

A text is assembled from parts (opener, topic core, details, action or closing), with typos,
abbreviations, personal data and vulnerability disclosures mixed in, so every topic has many
distinct phrasings rather than one template. Personal-data snippets are inserted after typos
are applied, so the planted values appear in the text exactly as recorded in the ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

BANK_PATH = Path(__file__).resolve().parent / "phrasebank.yaml"
CHANNELS = ("phone", "webchat", "email", "web_form", "face_to_face", "social", "app")
OUTCOMES = ("resolved", "transferred", "escalated", "callback")


@dataclass(frozen=True)
class Profile:
    """How a topic behaves: volume, channels, handle time, outcomes, repeats, season."""

    weight: float
    channel_mix: tuple[float, ...]
    handle: float
    outcome_mix: tuple[float, ...]
    repeat: float
    vulnerable: float
    season: str


@dataclass(frozen=True)
class TopicBank:
    """The phrasing parts and profile of one topic."""

    id: str
    profile: Profile
    agent: tuple[str, ...]
    agent_detail: tuple[str, ...]
    agent_action: tuple[str, ...]
    resident: tuple[str, ...]
    resident_detail: tuple[str, ...]


@dataclass(frozen=True)
class PhraseBank:
    topics: dict[str, TopicBank]
    emerging: TopicBank
    emerging_name: str
    emerging_codes: tuple[str, ...]


def _topic(topic_id: str, raw: dict, mixes: dict, outcomes: dict) -> TopicBank:
    p = raw["profile"]
    profile = Profile(
        weight=float(p["weight"]),
        channel_mix=tuple(mixes[p["channels"]]),
        handle=float(p["handle"]),
        outcome_mix=tuple(outcomes[p["outcomes"]]),
        repeat=float(p["repeat"]),
        vulnerable=float(p["vulnerable"]),
        season=str(p["season"]),
    )
    parts = {
        k: tuple(raw[k])
        for k in ("agent", "agent_detail", "agent_action", "resident", "resident_detail")
    }
    empty = [k for k, v in parts.items() if not v]
    if empty:
        raise ValueError(f"{BANK_PATH}: topic '{topic_id}' has no phrasings for {empty}")
    return TopicBank(id=topic_id, profile=profile, **parts)


@lru_cache(maxsize=1)
def load_bank() -> PhraseBank:
    """The packaged phrase bank (read once per process)."""
    data = yaml.safe_load(BANK_PATH.read_text(encoding="utf-8"))
    mixes = {k: [float(x) for x in v] for k, v in data["channel_mixes"].items()}
    outcomes = {k: [float(x) for x in v] for k, v in data["outcome_mixes"].items()}
    topics = {tid: _topic(tid, raw, mixes, outcomes) for tid, raw in data["topics"].items()}
    em = data["emerging"]
    return PhraseBank(
        topics=topics,
        emerging=_topic(em["id"], em, mixes, outcomes),
        emerging_name=em["name"],
        emerging_codes=tuple(em["wrap_up_codes"]),
    )


# --- shared parts ---------------------------------------------------------------------------
AGENT_OPENERS = (
    "Cust called re",
    "Caller rang re",
    "Res called -",
    "CLR re",
    "Cust rang about",
    "Call re",
    "Caller enq",
    "Cust query:",
    "Rang re",
    "",
)
AGENT_FILLERS = ("adv", "nfa", "ref given", "cust happy", "cust not happy", "ok", "")
CHAT_GREETINGS = ("hi", "hello", "hiya", "hi there", "good morning", "afternoon", "hey", "")
CHAT_CLOSINGS = ("thanks", "thank you", "cheers", "ta", "thx", "", "", "")
EMAIL_GREETINGS = ("Dear Sir/Madam,", "Hello,", "Hi,", "To whom it may concern,", "Good morning,")
EMAIL_SIGNOFFS = ("Kind regards", "Many thanks", "Regards", "Thanks")
AGENT_CHAT_LINES = (
    "Thanks for contacting us, how can I help today?",
    "Thank you, let me look into that for you.",
    "Is there anything else I can help with?",
    "Thanks for waiting, I've checked that for you.",
)
F2F_OPENERS = ("Cust attended CSC re", "Walk-in re", "Resident at front desk -", "Visitor re")
SOCIAL_PREFIXES = ("@council", "@YourCouncil", "DM:", "")

VULNERABLE_RESIDENT = (
    "i can't cope anymore",
    "my partner hit me last night and i'm scared to go home",
    "the bailiffs are coming on friday and i've got nothing",
    "i've been sofa surfing for weeks",
    "my prepayment meter ran out and we've got no heating",
    "i haven't eaten properly in days",
    "i'm disabled and can't get out of the house",
    "i've just come out of hospital",
    "i'm on my own with the kids and struggling",
    "i'm scared of my ex he knows where i live",
    "i've been having really dark thoughts",
    "i've got no money for food till next week",
)
VULNERABLE_AGENT = (
    "cust v distressed, said can't cope",
    "cust disclosed DA",
    "vuln cust - PPM no credit",
    "cust tearful, struggling financially",
    "cust mentioned bailiffs, v anxious",
    "cust sofa surfing",
    "cust disclosed MH issues",
    "cust has no food, signposted foodbank",
    "cust recently bereaved",
    "cust disabled, housebound",
)

VAGUE_RESIDENT = (
    "i rang last week and nobody got back to me",
    "can someone call me back please",
    "i got a letter from you and i don't understand it",
    "i need to speak to someone urgently",
    "i'm chasing up my enquiry",
    "who do i talk to about this",
)
VAGUE_AGENT = (
    "cust chasing prev enq",
    "letter recvd, wanted to speak to someone",
    "cust wanted cb, no details given",
    "general enq",
    "cust cut off before details",
)

_MISSPELL = {
    "received": "recieved",
    "because": "becuase",
    "definitely": "definately",
    "tomorrow": "tommorow",
    "you": "u",
    "please": "pls",
    "thanks": "thx",
    "collected": "colected",
    "council": "counsil",
    "separate": "seperate",
    "really": "realy",
    "neighbours": "neighbors",
    "weeks": "wks",
    "and": "&",
}


def typo(text: str, rng: random.Random, rate: float) -> str:
    """Introduce typing slips (swaps, drops, doubles, common misspellings) word by word."""
    if rate <= 0:
        return text
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 3 or rng.random() >= rate:
            continue
        lower = word.lower()
        if lower in _MISSPELL and rng.random() < 0.6:
            words[i] = _MISSPELL[lower]
            continue
        j = rng.randrange(1, len(word) - 1)
        if not (word[j].isalpha() and word[j - 1].isalpha()):
            continue
        kind = rng.random()
        if kind < 0.4:
            words[i] = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
        elif kind < 0.7:
            words[i] = word[:j] + word[j + 1 :]
        else:
            words[i] = word[:j] + word[j] + word[j:]
    return " ".join(words)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _pick_some(rng: random.Random, items: tuple[str, ...], most: int) -> list[str]:
    n = rng.choice(range(most + 1)) if most else 0
    return rng.sample(items, min(n, len(items)))


@dataclass
class Extras:
    """Inserted, not typo'd: personal-data phrases and an optional vulnerability disclosure."""

    pd_phrases: list[str]
    vulnerable: bool
    vague: bool = False  # no topic words at all (the classifier should not place it)


def agent_note(
    bank: TopicBank,
    rng: random.Random,
    extras: Extras,
    opener_name: str | None,
    openers: tuple[str, ...] = AGENT_OPENERS,
) -> str:
    """Clipped agent notes, e.g. 'Cust called re missed bin, Tues coll, logged'."""
    opener = rng.choice(openers)
    if opener_name:
        opener = rng.choice(("called re", "rang re", "ringing about", "-"))
    if extras.vague:
        pieces = [f"{opener} {rng.choice(VAGUE_AGENT)}".strip()]
    else:
        pieces = [
            f"{opener} {rng.choice(bank.agent)}".strip(),
            *_pick_some(rng, bank.agent_detail, 2),
        ]
    pieces.append(rng.choice(AGENT_FILLERS[:3]) if extras.vague else rng.choice(bank.agent_action))
    filler = rng.choice(AGENT_FILLERS)
    if filler:
        pieces.append(filler)
    text = typo(", ".join(pieces), rng, 0.03)
    if rng.random() < 0.3:
        text = text.upper() if rng.random() < 0.15 else text.lower()
    if extras.vulnerable:  # kept intact, after typos and casing
        cut = text.find(", ", max(text.find(", ") + 2, 0))
        disclosure = rng.choice(VULNERABLE_AGENT)
        text = f"{text[:cut]}, {disclosure}{text[cut:]}" if cut > 0 else f"{text}, {disclosure}"
    if opener_name:  # added after typos and casing, so the name is written as recorded
        text = f"{opener_name} {text}"
    for phrase in extras.pd_phrases:
        text = text + rng.choice((", ", ". ", " - ")) + phrase
    return text


def _resident_sentences(
    bank: TopicBank, rng: random.Random, extras: Extras, rate: float
) -> list[str]:
    """Topic sentences with typos, then any disclosure (kept intact, like personal data)."""
    if extras.vague:
        sentences = [rng.choice(VAGUE_RESIDENT)]
    else:
        sentences = [rng.choice(bank.resident), *_pick_some(rng, bank.resident_detail, 2)]
    sentences = [typo(s, rng, rate) for s in sentences]
    if extras.vulnerable:
        sentences.insert(rng.randrange(1, len(sentences) + 1), rng.choice(VULNERABLE_RESIDENT))
    return sentences


def chat_transcript(bank: TopicBank, rng: random.Random, extras: Extras, abandoned: bool) -> str:
    """A webchat transcript: the visitor's informal lines with a few generic agent lines."""
    sentences = _resident_sentences(bank, rng, extras, 0.08)
    greeting = rng.choice(CHAT_GREETINGS)
    first = f"{greeting} {sentences[0]}".strip() if greeting else sentences[0]
    if rng.random() < 0.3:
        first = _sentence(first)
    lines = [f"Visitor: {first}"]
    if abandoned:  # typed everything, then left before an agent answered
        return " ".join([lines[0], *sentences[1:], *extras.pd_phrases])
    lines.append(f"Agent: {AGENT_CHAT_LINES[0]}")
    rest = sentences[1:] + extras.pd_phrases
    rng.shuffle(rest)
    if rest:
        lines.append("Visitor: " + rng.choice((" ", ". ", ", ")).join(rest).strip())
    lines.append(f"Agent: {rng.choice(AGENT_CHAT_LINES[1:])}")
    closing = rng.choice(CHAT_CLOSINGS)
    if closing:
        lines.append(f"Visitor: {closing}")
    return "\n".join(lines)


def written_message(
    bank: TopicBank, rng: random.Random, extras: Extras, style: str, sign_off_name: str | None
) -> str:
    """Resident-written text: an email, a web form, a social media message or an app message."""
    rate = {"email": 0.02, "web_form": 0.04, "social": 0.08, "app": 0.07}.get(style, 0.04)
    sentences = _resident_sentences(bank, rng, extras, rate)
    sentences += extras.pd_phrases
    if style == "email":
        body = " ".join(_sentence(s) + "." for s in sentences)
        text = f"{rng.choice(EMAIL_GREETINGS)}\n\n{body}"
        if sign_off_name:
            text += f"\n\n{rng.choice(EMAIL_SIGNOFFS)}\n{sign_off_name}"
        return text
    if style == "social":
        prefix = rng.choice(SOCIAL_PREFIXES)
        return f"{prefix} {' '.join(sentences)}".strip()
    if style == "web_form" and rng.random() < 0.5:
        return ". ".join(_sentence(s) for s in sentences) + "."
    return " ".join(sentences)


def counter_note(bank: TopicBank, rng: random.Random, extras: Extras, name: str | None) -> str:
    """Notes typed by staff at a customer service centre desk."""
    return agent_note(bank, rng, extras, name, openers=F2F_OPENERS)
