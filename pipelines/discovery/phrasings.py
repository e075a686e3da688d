"""Clean example phrasings: residents' own words, fit to show a reviewer or to train a bot.

Texts passed here are already redacted. A phrasing is kept only when it is:

- **the resident's**: in a transcript, lines spoken by the agent (``Agent:``, ``Advisor:``...)
  are dropped and the resident's lines kept; a text written in agents' note-taking shorthand
  ("cust rang re missed bin, adv...") is not a resident's phrasing and is dropped (unless
  ``resident_only=False``: a proposed topic's examples may be agents' notes);
- **whole**: not cut off (ending with ``…`` or ``...``, or with a dangling word such as "and"
  or "the"), between ``MIN_WORDS`` and ``MAX_WORDS`` words;
- **not placeholder-heavy**: at most ``MAX_PLACEHOLDERS`` redaction placeholders (``[NAME]``,
  ``[POSTCODE]``...), and placeholders at most ``MAX_PLACEHOLDER_SHARE`` of its words;
- **free of safeguarding signs** (the safeguarding lexicon of ``pipelines.privacy``);
- **not a near-copy** of one already kept (word-set Jaccard similarity below ``NEAR_COPY``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from pipelines.privacy import vulnerability_flag_expr

MIN_WORDS = 3
MAX_WORDS = 40
MAX_PLACEHOLDERS = 2
MAX_PLACEHOLDER_SHARE = 0.2
NEAR_COPY = 0.7
CANDIDATES_PER_PHRASING = 20  # texts looked at per phrasing wanted

PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")
_AGENT_SPEAKER = re.compile(
    r"^\s*(agent|advisor|adviser|operator|officer|staff|bot|council|csa)\s*:", re.IGNORECASE
)
_ANY_SPEAKER = re.compile(r"^\s*[A-Za-z][A-Za-z ]{0,20}:\s*")
_SHORTHAND = re.compile(
    r"\b(cust|caller|rang|rng|res called|called re|call re|adv|advised|nfa|enq|cb|recvd|"
    r"signposted|prev|f2f|tel|ref given|acct|front desk|clr|ctax|pmt|explained|to follow)\b"
    r"|,\s*ok\s*$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(dear sir( or| /|/)? ?madam|dear sirs?|to whom it may concern|good (morning|afternoon|"
    r"evening)|hello|hiya|hi|hey|afternoon|morning|evening)\b[,.!]?\s*",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"[,.]?\s+(ta|thx|thanks|thank you|cheers)[.!]?$", re.IGNORECASE)
_DANGLING = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "to",
        "of",
        "for",
        "with",
        "my",
        "our",
        "your",
        "i",
        "is",
        "are",
        "but",
        "or",
        "on",
        "in",
        "at",
        "from",
        "about",
        "as",
        "that",
    ]
)
_WORD = re.compile(r"[A-Za-z0-9']+|\[[A-Z_]+\]")


def resident_words(text: str) -> str:
    """The resident's part of a text: agent lines dropped, speaker labels, an opening greeting
    and a closing "thanks" removed, whitespace collapsed."""
    lines = [line for line in text.splitlines() if not _AGENT_SPEAKER.match(line)]
    kept = [_ANY_SPEAKER.sub("", line).strip() for line in lines]
    words = " ".join(" ".join(line for line in kept if line).split())
    words = _SIGN_OFF.sub("", _GREETING.sub("", words)).strip()
    return words[:1].upper() + words[1:] if words else words


def rejection_reason(text: str, *, resident_only: bool = True) -> str | None:
    """Why ``text`` (one line) is not a clean phrasing, or None if it is.

    ``resident_only`` (default) also rejects text in agents' note-taking shorthand.
    """
    stripped = text.strip()
    words = _WORD.findall(stripped)
    if len(words) < MIN_WORDS:
        return "too short"
    if len(words) > MAX_WORDS:
        return "too long"
    if stripped.endswith(("…", "...")) or words[-1].lower() in _DANGLING:
        return "cut off"
    placeholders = len(PLACEHOLDER.findall(stripped))
    if placeholders > MAX_PLACEHOLDERS or placeholders > MAX_PLACEHOLDER_SHARE * len(words):
        return "placeholder-heavy"
    if resident_only and _SHORTHAND.search(stripped):
        return "agent shorthand"
    return None


def _word_set(text: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _WORD.findall(text))


def _flagged(texts: list[str]) -> list[bool]:
    if not texts:
        return []
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.Utf8})
    return frame.select(vulnerability_flag_expr("text")).to_series().to_list()


def clean_phrasings(
    texts: Iterable[str | None], limit: int, *, resident_only: bool = True
) -> list[str]:
    """Up to ``limit`` clean phrasings from ``texts``, in the order given (best first).

    Every text is read in the resident's words (:func:`resident_words`), then kept only when
    :func:`rejection_reason` finds nothing, it has no safeguarding sign and it is not a near-copy
    of one already kept. Whitespace is collapsed. ``resident_only=False`` keeps agents' notes
    (a proposed topic may have no other text; a bot must never learn from them).
    """
    candidates: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            continue
        words = resident_words(text)
        if words and rejection_reason(words, resident_only=resident_only) is None:
            candidates.append(words)
            if len(candidates) >= CANDIDATES_PER_PHRASING * limit:
                break
    kept: list[str] = []
    kept_sets: list[frozenset[str]] = []
    flags = _flagged(candidates)
    for text, flagged in zip(candidates, flags, strict=True):
        if flagged:
            continue
        words = _word_set(text)
        if any(len(words & other) / len(words | other) >= NEAR_COPY for other in kept_sets):
            continue
        kept.append(text)
        kept_sets.append(words)
        if len(kept) == limit:
            break
    return kept
