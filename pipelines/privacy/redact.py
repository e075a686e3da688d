"""Redact personal data from resident text before anything is stored.

Each identifier is replaced by a typed placeholder (``[PHONE]``, ``[POSTCODE]``, ...). The work is
vectorised polars: an ordered list of regular expressions applied with ``str.replace_all``.
Three rules also check their regex candidates in Python (card numbers by the Luhn check, NHS
numbers by modulus 11, names against a list of ordinary words); those checks run once per
distinct candidate, never once per row.

Order matters: e-mail addresses go before anything that could match part of them, card and
account numbers before phone numbers, and the catch-all for long digit runs comes last. The
patterns use the syntax shared by Rust's ``regex`` crate (what polars runs) and Python's ``re``
(what the checks run): no look-around and no back-references.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl
import yaml

from pipelines.privacy import addresses, names, names_lower, spoken

log = logging.getLogger(__name__)

PLACEHOLDERS: dict[str, str] = {
    kind: f"[{kind}]"
    for kind in (
        "EMAIL",
        "URL",
        "CARD",
        "SORT_CODE",
        "ACCOUNT_NUMBER",
        "DOB",
        "NINO",
        "REFERENCE",
        "NHS_NUMBER",
        "PHONE",
        "POSTCODE",
        "VEHICLE_REG",
        "NAME",
        "ADDRESS",
    )
}
"""Placeholder type -> the text that replaces an identifier of that type."""

Validator = Callable[[re.Match[str]], str | None]
"""Takes the Python match of one regex candidate; returns its replacement, or None to keep it."""


@dataclass(frozen=True)
class Rule:
    """One redaction step: a regex, what replaces each match, and an optional Python check.

    Each match becomes ``keep_before`` + ``[KIND]`` + ``keep_after`` (capture-group references
    such as ``${1}`` keep the context that located the identifier, e.g. "sort code").
    """

    kind: str
    pattern: str
    keep_before: str = ""
    keep_after: str = ""
    validator: Validator | None = None
    padded: bool = False
    """Run on the text with a space added at each end, so every candidate carries the character
    before and after it and cannot be replaced inside a longer word elsewhere ("Jan"/"January")."""
    digits: bool = False
    """Every match holds a digit: the rule runs only on rows that hold one (redaction never adds a
    digit, so the rows are found once)."""

    @property
    def replacement(self) -> str:
        return f"{self.keep_before}[{self.kind}]{self.keep_after}"


class RedactionError(ValueError):
    """A redaction pattern or argument is invalid."""


# --- checks run on regex candidates only -------------------------------------------------------


def _digits(text: str) -> list[int]:
    return [int(c) for c in text if c.isdigit()]


def luhn_valid(number: str) -> bool:
    """True when the digits of ``number`` pass the Luhn check used by payment cards."""
    total = 0
    for i, d in enumerate(reversed(_digits(number))):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def nhs_number_valid(number: str) -> bool:
    """True when ``number`` has 10 digits and a correct NHS modulus-11 check digit."""
    d = _digits(number)
    if len(d) != 10:
        return False
    check = 11 - sum(d[i] * (10 - i) for i in range(9)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == d[9]


def _card(match: re.Match[str]) -> str | None:
    return PLACEHOLDERS["CARD"] if luhn_valid(match.group(0)) else None


def _nhs(match: re.Match[str]) -> str | None:
    return PLACEHOLDERS["NHS_NUMBER"] if nhs_number_valid(match.group(0)) else None


# Words that follow a name cue ("I'm ...", "spoke to ...") but are not names.
_ORDINARY_WORDS = """a about after afraid missing getting agent all also an and annoyed any anyone
at away back because been being benefits blind both british but by calling can cannot carer caller
christian concerned confused council customer deaf department desperate disabled disappointed doing
due elderly emailing english environmental even fed finance for frustrated from fuming going good
happy having he health her here highways him his homeless housing how i if ill in is it its just
landlord looking manager me monday muslim my no nobody not now of off office officer ok okay on only
or our out parking planning polish pregnant really recycling reception registered renting resident
revenues ringing saturday scared service services she so someone somebody sorry spelt spelled still
struggling sunday sure switchboard tax team teams tenant that the their them then there they this
thursday to today too trying tuesday unable unhappy up us very waiting waste we wednesday what when
which who why will with worried writing wrong yes you your friday sick"""
_NOT_NAMES = frozenset(_ORDINARY_WORDS.split())
_TAIL_WORDS = "council tax housing team officer department services service benefits revenues"
_STOP_TAIL = frozenset(_TAIL_WORDS.split()) | _NOT_NAMES


_NAMING_CUE = re.compile(r"(?i)name|spoke|speak|talk")


def _name(match: re.Match[str]) -> str | None:
    """Replace the name group (group 2) of a name rule, keeping the cue and any trailing words.

    Rejects the candidate when its first word is an ordinary word; drops ordinary words from the
    end ("spoke to Sarah Housing" -> "spoke to [NAME] Housing").
    """
    words = match.group(2).split()
    cue = match.group(1)
    while len(words) > 1 and _TITLE_WORD.fullmatch(words[0]):
        cue, words = f"{cue}{words[0]} ", words[1:]  # "Cust: Mr Ahmed" keeps the title
    keep = len(words)
    while keep and words[keep - 1].strip(".").lower() in _STOP_TAIL:
        keep -= 1
    while keep > 1 and words[keep - 1].islower() and names.word_class(words[keep - 1]) == "C":
        keep -= 1  # "ms siobhan o'neill" yes, "mrs smith tenant" keeps "tenant"
    real = [w for w in words[:keep] if len(w.strip(".")) > 1]
    trailing = match.group(3) if match.re.groups >= 3 and match.group(3) else ""
    if trailing and len(words) > 1 and _STREET_WORD.fullmatch(words[-1]):
        return None  # "this is London Road calling": a place ("Mrs Green" stays a name)
    first = re.sub(r"['’]s$", "", real[0].lower()) if real else ""
    if not first or first in _NOT_NAMES:
        return None
    if not _TITLE_WORD.fullmatch(cue.strip()):
        kind = names.word_class(real[0])
        if kind == "C" or (kind == "A" and len(real) == 1 and not _NAMING_CUE.search(cue)):
            return None  # "Caller: Yeah", "I'm Irish", "Caller: Ring me": not a name
    tail = " ".join(words[keep:])
    possessive = re.search(r"['’]s$", words[keep - 1])
    placeholder = "[NAME]" + (possessive.group(0) if possessive else "")
    return f"{cue}{placeholder}{' ' + tail if tail else ''}{trailing}"


# --- patterns -----------------------------------------------------------------------------------


def _nino_prefixes() -> str:
    """NI number prefixes: no D F I Q U V, second letter not O, not BG GB NK KN TN NT ZZ."""
    firsts = "ABCEGHJKLMNOPRSTWXYZ"
    seconds = "ABCEGHJKLMNPRSTWXYZ"
    banned = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
    parts = []
    for a in firsts:
        allowed = "".join(b for b in seconds if a + b not in banned)
        parts.append(f"{a}[{allowed}]")
    return "(?:" + "|".join(parts) + ")"


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{2,4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}}|\d{{1,2}}[/\-]{_MONTH}[/\-]\d{{2,4}})"
)
# After a cue only: a day and month with no year ("birthday is 3rd March", "dob 3/3").
_DAY_MONTH = (
    rf"(?:\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}|{_MONTH}\.?\s+\d{{1,2}}{_ORD}"
    rf"|[0-3]?\d[/.][01]?\d)"
)
_DATE_19XX = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]19\d{{2}}|19\d{{2}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+19\d{{2}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+19\d{{2}})"
)
_DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b|date\s+of\s+birth|born(?:\s+(?:on|in))?|birthday(?:\s+is)?)\b\.?"
    r"\s*(?:(?:given|confirmed|stated|provided|recorded)(?:\s+as)?|is|was|:|-)?\s*"
    r"(?:the\s+)?"
)
# A short gap after the cue, for a question and its answer ("date of birth? Caller: 3/3/61").
_DOB_GAP = r"(?:[^\d\n.]{0,12}?(?:\s|:))??"
_NI_CUE = (
    r"(?:n\.?\s?i\.?|nino|nat\.?\s*ins(?:urance)?|national\s+insurance)(?:\s+(?:number|no\.?|num))?"
    r"(?:\s+is|\s*:|\s*-)?\s*"
)
_NS = r"[ \-.]?"  # between the parts of an NI number: "AB 12 34 56 C", "AB-12-34-56-C"
_ACCT = r"\b(?:account|acc|a/c)(?:\s+(?:number|no\.?|num))?\s*(?:is|:|-)?\s*"
_BANK_ACCT = r"(?:\d{8}|\d{4}\s\d{4})"
_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][a-zA-ZÀ-ÖØ-öø-ÿĀ-ſ'’\-]+"
_NAMES = rf"(?:[A-Z]\.?\s+){{0,2}}{_WORD}(?:\s+{_WORD}){{0,2}}"
_TITLE = r"(?:Mr|MR|Mrs|MRS|Ms|MS|Miss|MISS|Mx|Dr|DR|Prof)\.?"
_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Court|Crescent|Gardens|Place"
    r"|Terrace|Grove|Row|Hill|Park|Square|Walk|Rise|Mews|View|Green|Parade|Vale|Gate)"
)

_STREET_WORD = re.compile(_STREET)
_TITLE_WORD = re.compile(_TITLE)

# fmt: off
_R1 = "${1}"
_NAME_CUES = (
    r"my\s+name\s+is|my\s+name's|name\s+is|i\s+am|i'm|i’m|im|cust(?:omer)?\s*:|caller\s*:"
    r"|resident\s*:|tenant\s*:|name\s*:|spoke\s+(?:to|with)|speaking\s+(?:to|with)|talked\s+to"
    r"|talking\s+to"
)
_SIGN_OFFS = (
    r"(?:kind|best|warm|warmest)\s+regards|regards|many\s+thanks|thanks(?:\s+again)?"
    r"|thank\s+you|best\s+wishes|all\s+the\s+best|best|cheers|yours\s+(?:sincerely|faithfully|truly)"
    r"|sincerely|from"
)
_REF_CUES = (
    r"(?:council\s+tax\s+)?(?:account|acc|a/c|ref(?:erence)?|case|claim|application|booking"
    r"|order|invoice|permit|licen[cs]e|ticket|job|request|enquiry|crn|customer)"
    r"(?:\s+(?:number|no\.?|num|ref(?:erence)?|id))?\s*(?:is|was|:|#|-)?\s*"
)

_AT = r"(?:\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|<\s*at\s*>)"
_DOT = r"(?:\s*(?:\(\s*dot\s*\)|\[\s*dot\s*\]|\{\s*dot\s*\}|<\s*dot\s*>)\s*|\s+dot\s+|\.)"

BUILT_IN_RULES: tuple[Rule, ...] = (
    Rule("EMAIL", r"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
    Rule("EMAIL", r"(?i)\b[a-z0-9._+\-]+(?:\s+dot\s+[a-z0-9_\-]+)*\s+(?:at|@)\s+[a-z0-9\-]+"
         r"(?:\s+dot\s+[a-z]{2,})+\b"),  # spoken: "jane dot smith at gmail dot com"
    # written to dodge scrapers: "jsmith(at)example(dot)co(dot)uk", "j.smith [at] example.com"
    Rule("EMAIL", rf"(?i)\b[a-z0-9._+\-]+\s*{_AT}\s*[a-z0-9\-]+(?:{_DOT}[a-z0-9\-]+)*{_DOT}"
         r"[a-z]{2,}\b"),
    # spoken "at" before a mail provider's written domain: "jsmith at hotmail.co.uk"
    Rule("EMAIL", r"(?i)\b[a-z0-9._+\-]+\s+at\s+(?:gmail|googlemail|hotmail|yahoo|outlook|live"
         r"|icloud|btinternet|aol|sky|virginmedia|protonmail|msn|talktalk|ntlworld|blueyonder)"
         r"(?:\.[a-z]{2,})+\b"),
    Rule("URL", r"(?i)\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"),
    Rule("CARD", r"\b[2-6]\d{3}(?:[ \-]?\d{4}){3}(?:[ \-]?\d{1,3})?\b"
         r"|\b3[47]\d{2}[ \-]?\d{6}[ \-]?\d{5}\b|\b[2-6]\d{12,18}\b", validator=_card, digits=True),
    Rule("ACCOUNT_NUMBER", rf"(?i)({_ACCT})({_BANK_ACCT})(\b[^.\n]{{0,30}}?\bsort\s*code)",
         _R1, "${3}", digits=True),
    Rule("SORT_CODE", r"(?i)(\bsort\s*code\s*(?:is|:|-)?\s*)(\d{2}[ \-]?\d{2}[ \-]?\d{2})\b", _R1,
         digits=True),
    Rule("ACCOUNT_NUMBER", rf"(?i)(\[SORT_CODE\][^.\n]{{0,30}}?{_ACCT})({_BANK_ACCT})\b", _R1,
         digits=True),
    Rule("ACCOUNT_NUMBER", r"(?i)(\b(?:bank|current|savings|building\s+society)\s+"
         rf"{_ACCT[2:]})({_BANK_ACCT})\b", _R1, digits=True),
    Rule("DOB", rf"(?i)(\b{_DOB_CUE}{_DOB_GAP})({_DATE}|{_DAY_MONTH})\b", _R1, digits=True),
    # a year, six or eight digits after a cue: "DOB 1977", "born 2001", "dob 030461", "dob 03041961"
    Rule("DOB", rf"(?i)(\b{_DOB_CUE}{_DOB_GAP})"
         r"((?:19|20)\d{2}|[0-3]\d[01]\d(?:19|20)?\d{2})\b", _R1, digits=True),
    # a two-digit year after "born in" or "year of birth": "born in 61"
    Rule("DOB", r"(?i)(\b(?:born\s+in|year\s+of\s+birth(?:\s+is)?:?)\s+['’]?)(\d{2})\b", _R1,
         digits=True),
    Rule("DOB", rf"(?i)\b{_DATE_19XX}\b", digits=True),
    # After a cue ("NI", "NINO", "national insurance (number)"), any two letters: a mistyped or
    # example prefix (QQ) is still redacted there; elsewhere only valid prefixes.
    # The letter at the end may be left off after a cue ("NI AB123456").
    Rule("NINO", rf"(?i)(\b{_NI_CUE})([a-z]{{2}}{_NS}\d{{2}}{_NS}\d{{2}}{_NS}\d{{2}}"
         rf"(?:{_NS}[a-d])?)\b", _R1, digits=True),
    Rule("NINO", rf"(?i)\b{_nino_prefixes()}{_NS}\d{{2}}{_NS}\d{{2}}{_NS}\d{{2}}{_NS}[A-D]\b",
         digits=True),
    # Without context, only dd-dd-dd that cannot be a date ("11-10-15" is a date, "40-11-62" not).
    Rule("SORT_CODE", r"\b(?:3[2-9]|[4-9]\d|00)-\d{2}-\d{2}\b"
         r"|\b\d{2}-(?:1[3-9]|[2-9]\d|00)-\d{2}\b", digits=True),
    Rule("REFERENCE", rf"(?i)(\b{_REF_CUES})([A-Z]{{0,4}}[/\-]?\d{{5,12}}(?:[/\-]\d+)*"
         r"|\d{2,4}/\d{3,8}(?:/\d+)*)\b", _R1, digits=True),  # "application no 2024/00871"
    Rule("REFERENCE", r"\b[A-Z]{2,4}-\d{4,}(?:-\d+)*\b|\b[A-Z]{2,3}/\d{4,8}(?:/\d+)*\b"
         r"|\b[A-Z]{2}\d{8}\b", digits=True),  # CAS-123456, HB/12345, CT/2023/0045, PCN WK12345678
    Rule("NHS_NUMBER", r"(?i)(\bnhs\s*(?:number|no\.?|num)?\s*(?:is|:|-)?\s*)"
         r"(\d{3}[ \-]?\d{3}[ \-]?\d{4})\b", _R1, digits=True),
    Rule("NHS_NUMBER", r"\b[1-9]\d{2}[ \-]?\d{3}[ \-]?\d{4}\b", validator=_nhs, digits=True),
    Rule("PHONE", r"(?:\+|\b00)\s?44\s?(?:\(0\)\s?)?\d(?:[ .\-]?\d){8,9}\b"
         r"|\(0\d{2,4}\)\s?\d(?:[ .\-]?\d){5,7}\b|\b0[ .\-]?\d(?:[ .\-]?\d){8,9}\b", digits=True),
    # Read out in words: no digit needed.
    Rule("DOB", rf"(?i)(\b{_DOB_CUE}(?:[^\d\n.]{{0,25}}?(?:\s|:))??)({spoken.SPOKEN_DATE})\b", _R1),
    Rule("DOB", spoken.YEAR_AFTER_DOB_PATTERN),
    Rule("NINO", rf"(?i)(\b{_NI_CUE}(?:[^\d\n.]{{0,20}}?[\s,:])??)({spoken.SPOKEN_NI})\b",
         validator=spoken.spoken_nino),  # "national insurance, hang on, Q Q one two, ..."
    Rule("PHONE", spoken.SPOKEN_NUMBER_PATTERN, validator=spoken.spoken_phone),
    Rule("POSTCODE", spoken.SPOKEN_POSTCODE_PATTERN),
    Rule("POSTCODE", r"(?i)\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]"
         r"|[A-HK-Y]\d[ABEHMNPRVWXY])\s{0,2}\d[ABD-HJLNP-UW-Z]{2})\b", digits=True),
    Rule("VEHICLE_REG", r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b|\b[a-z]{2}\d{2}[a-z]{3}\b"
         r"|\b[A-Z]\d{1,3}\s[A-Z]{3}\b|\b[A-Z]{3}\s\d{1,3}[A-Z]\b", digits=True),
    Rule("NAME", rf"(?i:\b((?:{_NAME_CUES})\s+))({_NAMES})", validator=_name),
    Rule("NAME", r"(?i:\b((?:my\s+name\s+is|my\s+name's)\s+))"
         r"([a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?)", validator=_name),  # lower-case transcripts
    Rule("NAME", rf"(?i:\b((?:this\s+is|it's|it’s)\s+))({_NAMES})"
         r"((?i:\s+(?:calling|here|speaking|from)\b))", validator=_name),
    Rule("NAME", rf"(?i:\b(this\s+is\s+))({_NAMES})([.,!?;]|[ \t]*\r?\n|\s*$|\s+[a-z])",
         validator=_name),
    # e-mail sign-offs: "Kind regards\nJo Bloggs"
    Rule("NAME", rf"(?i:((?:^|\n)[ \t]*(?:{_SIGN_OFFS})[ \t]*,?[ \t]*\r?\n\s*))({_NAMES})"
         r"([ \t]*(?:\r?\n|$))",
         validator=_name),
    Rule("NAME", rf"\b({_TITLE}(?:\s+(?:and|&)\s+{_TITLE})?\s+)({_NAMES})", validator=_name),
    Rule("NAME", r"(?i:\b((?:mr|mrs|ms)\.?\s+))"
         r"((?:[a-z]\.?\s+)?[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?)", validator=_name),
    Rule("NAME", names.SPELLED_PATTERN),
    # Names without the cues above: gazetteer, capitalisation and context (names.py).
    Rule("NAME", names.CUE_PATTERN, validator=names.redact_after_cue, padded=True),
    Rule("NAME", names.CAPITALISED_PATTERN, validator=names.redact_capitalised, padded=True),
    Rule("NAME", names_lower.LOWER_BEFORE_VERB_PATTERN,
         validator=names_lower.redact_lower_before_verb, padded=True),
    Rule("NAME", names_lower.TITLE_LOWER_PATTERN, validator=names_lower.redact_title_lower,
         padded=True),
    Rule("NAME", names_lower.AFTER_NAME_PATTERN, validator=names_lower.redact_after_name),
    Rule("ADDRESS", addresses.FLAT_PATTERN, _R1, digits=True),
    Rule("ADDRESS", addresses.HOUSE_NAME_PATTERN, _R1),
    Rule("ADDRESS", addresses.RURAL_PATTERN, _R1, "${3}"),
    Rule("ADDRESS", addresses.STREET_PATTERN, _R1, digits=True),
    Rule("ADDRESS", addresses.NUMBERED_BUILDING_PATTERN, _R1, digits=True),
    Rule("ADDRESS", addresses.WORD_NUMBER_PATTERN, _R1),
    Rule("ADDRESS", addresses.LOWER_PATTERN, validator=addresses.lower_case_address),
    Rule("ADDRESS", addresses.HOUSE_AFTER_CUE_PATTERN, validator=addresses.house_after_cue),
    Rule("ADDRESS", addresses.HOUSE_NAMED_PATTERN, _R1),
    Rule("ADDRESS", addresses.AFTER_ADDRESS_PATTERN, validator=addresses.street_after_address),
    # Catch-all: long digit runs left over (a mistyped card or NHS number, an unknown reference).
    Rule("REFERENCE", r"\b\d{3,}(?:[ \-]\d{3,}){2,}\b|\b\d{5,}[ \-]\d{4,}\b|\b\d{8,}\b",
         digits=True),
)
# fmt: on

_KIND_NAME = re.compile(r"^\[?([A-Z][A-Z0-9_]*)\]?$")


def build_rules(extra_patterns: dict[str, str] | None = None) -> list[Rule]:
    """The rules in the order they run; ``extra_patterns`` (type -> regex) run after e-mail/URL.

    A key is a placeholder type such as ``"REFERENCE"`` (or ``"[REFERENCE]"``); a new type such as
    ``"PLANNING_REF"`` is allowed and becomes ``[PLANNING_REF]``.
    """
    extra: list[Rule] = []
    for key, pattern in (extra_patterns or {}).items():
        found = _KIND_NAME.match(key)
        if not found:
            raise RedactionError(f"extra pattern name {key!r} must be upper case, e.g. 'REFERENCE'")
        try:
            pl.Series([""], dtype=pl.Utf8).str.count_matches(pattern)
        except Exception as exc:  # polars raises ComputeError for a bad regex
            raise RedactionError(f"extra pattern {key!r} is not a valid regex: {exc}") from exc
        extra.append(Rule(found.group(1), pattern))
    rules = list(BUILT_IN_RULES)
    return rules[:3] + extra + rules[3:]


# Each check's verdict on a candidate, kept across calls (ingest redacts file by file and the same
# candidates recur: "Caller: Yeah", "Kind regards"). Verdicts depend only on the candidate text.
_CHECKED: dict[tuple[str, Validator | None], dict[str, str | None]] = {}
_CHECKED_MAX = 200_000
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters that mark a match being replaced


def _ascii_boundaries(pattern: str) -> str:
    """``pattern`` for polars with ASCII word boundaries (``(?-u:\\b)``).

    Rust's fast lazy DFA cannot run a Unicode ``\\b`` over text holding any non-ASCII character
    ("£", "’", "é"), and falls back to a slower engine; ASCII boundaries keep it fast
    (docs/benchmark.md). Python's checks still compile the pattern as written.
    """
    return pattern.replace(r"\b", r"(?-u:\b)")


def _apply_rule(text: pl.Series, rule: Rule) -> pl.Series:
    """Apply one rule to a string series. Every match becomes exactly one placeholder.

    A first pass only asks which rows hold a match (``contains``, no new strings); the rule then
    runs on those rows alone, which are usually few. A padded rule's pattern starts with ``^`` or
    a boundary character and ends with ``$`` or one, so the unpadded text finds the same rows.
    """
    pattern = _ascii_boundaries(rule.pattern)
    rows = text.str.contains(pattern).fill_null(False).arg_true()
    if rows.len() == 0:
        return text
    if rows.len() == text.len():
        return _apply_to_rows(text, rule, pattern)
    return text.scatter(rows, _apply_to_rows(text.gather(rows), rule, pattern))


def _apply_to_rows(text: pl.Series, rule: Rule, pattern: str) -> pl.Series:
    if rule.padded:
        inner = Rule(rule.kind, rule.pattern, rule.keep_before, rule.keep_after, rule.validator)
        out = _apply_to_rows(" " + text + " ", inner, pattern)
        return out.str.strip_prefix(" ").str.strip_suffix(" ")
    if rule.validator is None:
        return text.str.replace_all(pattern, rule.replacement)
    found = text.str.extract_all(pattern)
    candidates = found.explode().drop_nulls().unique().to_list()
    checked = _CHECKED.setdefault((rule.pattern, rule.validator), {})
    if len(checked) > _CHECKED_MAX:
        checked.clear()
    new = [c for c in candidates if c not in checked]
    if new:  # each candidate's groups, found by polars in one pass (Python's re is slower here)
        groups = pl.Series(new, dtype=pl.Utf8).str.extract_groups(pattern)
        count = len(groups.struct.fields) if groups.dtype.fields else 0  # type: ignore[attr-defined]
        columns = groups.struct.unnest().to_dict(as_series=False) if count else {}
        values = list(zip(*columns.values(), strict=True)) if count else [()] * len(new)
        shape = _Shape(count)
        for candidate, found_groups in zip(new, values, strict=True):
            if count and all(g is None for g in found_groups):
                checked[candidate] = None
                continue
            checked[candidate] = rule.validator(_Groups(candidate, found_groups, shape))  # type: ignore[arg-type]
    mapping: dict[str, str] = {}
    for candidate in candidates:
        replacement = checked[candidate]
        if replacement is not None and replacement != candidate:
            mapping[candidate] = replacement
    log.debug("%s: %d of %d distinct candidates accepted", rule.kind, len(mapping), len(candidates))
    if not mapping:
        return text
    keys = list(mapping)
    # Replace only in the rows that hold an accepted candidate (often a small share), and only
    # where the pattern matched: each match is wrapped in markers first, so a candidate accepted
    # in one row does not replace the same letters elsewhere ("Washington" in "Washington St").
    hit = found.list.eval(pl.element().is_in(keys)).list.any().fill_null(False)
    rows = hit.arg_true()
    if rows.len() == 0:
        return text
    marked = text.gather(rows).str.replace_all(pattern, f"{_OPEN}${{0}}{_CLOSE}")
    replaced = marked.str.replace_many(
        [f"{_OPEN}{k}{_CLOSE}" for k in keys], [mapping[k] for k in keys]
    ).str.replace_many([_OPEN, _CLOSE], ["", ""])
    return text.scatter(rows, replaced)


class _Shape:
    """``match.re`` for a check: how many groups the pattern has."""

    __slots__ = ("groups",)

    def __init__(self, groups: int) -> None:
        self.groups = groups


class _Groups:
    """What a check reads of a match (``group(n)``, ``re.groups``), from polars' groups.

    A candidate is a whole match, so group 0 is the candidate itself.
    """

    __slots__ = ("_groups", "_text", "re")

    def __init__(self, text: str, groups: tuple[str | None, ...], shape: _Shape) -> None:
        self._text, self._groups, self.re = text, groups, shape

    def group(self, index: int = 0) -> str | None:
        return self._text if index == 0 else self._groups[index - 1]


def _apply_rules(text: pl.Series, rules: list[Rule]) -> pl.Series:
    """Apply the rules in order; each run of rules that need a digit sees only rows with one."""
    current = text.cast(pl.Utf8)
    with_digits: pl.Series | None = None
    i = 0
    while i < len(rules):
        if not rules[i].digits:
            current = _apply_rule(current, rules[i])
            i += 1
            continue
        j = i
        while j < len(rules) and rules[j].digits:
            j += 1
        if with_digits is None:
            with_digits = current.str.contains(r"\d").fill_null(False).arg_true()
        if with_digits.len() == current.len():
            for rule in rules[i:j]:
                current = _apply_rule(current, rule)
        elif with_digits.len() > 0:
            subset = current.gather(with_digits)
            for rule in rules[i:j]:
                subset = _apply_rule(subset, rule)
            current = current.scatter(with_digits, subset)
        i = j
    return current


def _apply_rules_distinct(text: pl.Series, rules: list[Rule]) -> pl.Series:
    """:func:`_apply_rules` on each distinct text once, when texts repeat (a row's result depends
    only on its own text); mapped back to every row, nulls staying null."""
    text = text.cast(pl.Utf8)
    distinct = text.drop_nulls().unique()
    if distinct.len() > 0.8 * text.len():
        return _apply_rules(text, rules)
    redacted = _apply_rules(distinct, rules)
    return text.replace_strict(distinct, redacted, default=None, return_dtype=pl.Utf8)


def _added(original: pl.Series, redacted: pl.Series, pattern: str) -> pl.Series:
    """Per row, the matches of ``pattern`` in ``redacted`` less those already in ``original``.

    A rule never removes a placeholder, so this counts the placeholders redaction added (a
    resident typing "[EMAIL]" is not counted).
    """
    after = redacted.str.count_matches(pattern).fill_null(0).cast(pl.Int64)
    before = original.cast(pl.Utf8).str.count_matches(pattern).fill_null(0).cast(pl.Int64)
    return (after - before).clip(lower_bound=0)


def _placeholder_pattern(kinds: list[str]) -> str:
    return r"\[(?:" + "|".join(re.escape(kind) for kind in kinds) + r")\]"


def _redact_series(
    text: pl.Series, extra_patterns: dict[str, str] | None
) -> tuple[pl.Series, dict[str, pl.Series]]:
    """Redact a string series; returns it and, per placeholder type, the replacements per row."""
    rules = build_rules(extra_patterns)
    redacted = _apply_rules_distinct(text, rules)
    kinds = dict.fromkeys(rule.kind for rule in rules)
    return redacted, {kind: _added(text, redacted, _placeholder_pattern([kind])) for kind in kinds}


def redact_text_column(
    df: pl.DataFrame,
    column: str,
    *,
    out_column: str = "text_redacted",
    count_column: str = "redaction_count",
    extra_patterns: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Return ``df`` with ``out_column`` (the redacted text) and ``count_column`` (replacements).

    Null text stays null with a count of 0. The original column is left as it is: drop it before
    storing anything.
    """
    if column not in df.columns:
        raise RedactionError(f"column {column!r} not in the frame (columns: {df.columns})")
    if df.schema[column] not in (pl.Utf8, pl.Null):
        raise RedactionError(f"column {column!r} must hold text, not {df.schema[column]}")
    rules = build_rules(extra_patterns)
    original = df.get_column(column)
    redacted = _apply_rules_distinct(original, rules)
    kinds = list(dict.fromkeys(rule.kind for rule in rules))
    total = _added(original, redacted, _placeholder_pattern(kinds))  # one pass, not one per type
    return df.with_columns(redacted.alias(out_column), total.alias(count_column))


def redact_series(
    text: pl.Series, extra_patterns: dict[str, str] | None = None
) -> tuple[pl.Series, dict[str, int]]:
    """Redact a string series once; returns it and the count of each placeholder added.

    Counts are keyed like :func:`redaction_counts_by_type` (zeros included).
    """
    redacted, by_kind = _redact_series(text, extra_patterns)
    counts = {placeholder: 0 for placeholder in PLACEHOLDERS.values()}
    for kind, per_row in by_kind.items():
        counts[f"[{kind}]"] = int(per_row.sum())
    return redacted, counts


SMALL_BATCH = 100
"""Up to this many distinct texts, :func:`redact_texts` runs the rules with Python's ``re``, one
text at a time; above it, polars runs each rule over the whole column. Both give the same output
(tested); for a few texts, polars' fixed cost per rule (compiling each regex again on every
call) is far larger than the work."""


def _python_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` for Python, with the boundaries polars runs: ASCII ``\\b``, ``$`` at the end."""
    ascii_boundaries = pattern.replace(r"\b", r"(?a:\b)")
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", ascii_boundaries))


_PY_REPLACEMENT = re.compile(r"\$\{(\d+)\}")


@lru_cache(maxsize=256)
def _python_rule(rule: Rule) -> tuple[re.Pattern[str], str]:
    template = _PY_REPLACEMENT.sub(r"\\g<\1>", rule.replacement.replace("\\", "\\\\"))
    return _python_pattern(rule.pattern), template


def _apply_rule_python(texts: list[str | None], rule: Rule) -> list[str | None]:
    """:func:`_apply_rule` for a short list, with Python's ``re`` (same rows, same output)."""
    compiled, template = _python_rule(rule)
    gated = [i for i, t in enumerate(texts) if t is not None and compiled.search(t)]
    if not gated:
        return texts
    out = list(texts)
    if rule.validator is None:
        for i in gated:
            out[i] = compiled.sub(template, texts[i])  # type: ignore[arg-type]
        return out
    pad = " " if rule.padded else ""
    found = {i: [m.group(0) for m in compiled.finditer(f"{pad}{texts[i]}{pad}")] for i in gated}
    checked = _CHECKED.setdefault((rule.pattern, rule.validator), {})
    if len(checked) > _CHECKED_MAX:
        checked.clear()
    mapping: dict[str, str] = {}
    for candidate in {c for cands in found.values() for c in cands}:
        if candidate not in checked:
            match = re.fullmatch(rule.pattern, candidate)
            checked[candidate] = rule.validator(match) if match else None
        replacement = checked[candidate]
        if replacement is not None and replacement != candidate:
            mapping[candidate] = replacement
    if not mapping:
        return texts
    for i, cands in found.items():
        if any(c in mapping for c in cands):
            done = compiled.sub(
                lambda m: mapping.get(m.group(0), m.group(0)), f"{pad}{texts[i]}{pad}"
            )
            if pad:
                done = done.removeprefix(" ").removesuffix(" ")
            out[i] = done
    return out


def _redact_small(texts: list[str | None], rules: list[Rule]) -> list[str | None]:
    current = texts
    for rule in rules:
        current = _apply_rule_python(current, rule)
    return current


def redact_texts(
    texts: list[str | None], extra_patterns: dict[str, str] | None = None
) -> list[str]:
    """Redact a list of strings (rejected records, queue names, wrap-up codes, small batches).

    Each distinct text is redacted once.
    """
    if not texts:
        return []
    rules = build_rules(extra_patterns)
    distinct = list(dict.fromkeys(texts))
    if len(distinct) <= SMALL_BATCH and _python_ready(rules):
        redacted = _redact_small(distinct, rules)
    else:
        series = pl.Series("text", distinct, dtype=pl.Utf8)
        redacted = _apply_rules(series, rules).to_list()
    lookup = dict(zip(distinct, redacted, strict=True))
    return [lookup[t] for t in texts]  # type: ignore[misc]


def _python_ready(rules: list[Rule]) -> bool:
    """True when Python's ``re`` compiles every rule (a council's own pattern may not)."""
    try:
        for rule in rules:
            _python_rule(rule)
    except re.error:
        return False
    return True


def load_extra_patterns(path: Path | None) -> dict[str, str] | None:
    """A council's own patterns from a YAML file of ``TYPE: regex`` (None when no file is set).

    Checked at once, so a bad pattern stops ingest before anything is read.
    """
    if path is None:
        return None
    try:
        data = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise RedactionError(f"redaction patterns file {path}: cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise RedactionError(
            f"redaction patterns file {path}: expected a mapping of TYPE: regex, "
            "e.g. REFERENCE: '\\bLBX-\\d{6}\\b'"
        )
    patterns = {str(k): v for k, v in data.items()}
    build_rules(patterns)  # raises RedactionError naming a bad pattern
    return patterns


def redaction_counts_by_type(
    df: pl.DataFrame, column: str, *, extra_patterns: dict[str, str] | None = None
) -> dict[str, int]:
    """How many identifiers of each type redaction would replace in ``column``.

    Keys are placeholders (``"[PHONE]"``...), in the order of ``PLACEHOLDERS``, zeros included;
    types added by ``extra_patterns`` follow.
    """
    if column not in df.columns:
        raise RedactionError(f"column {column!r} not in the frame (columns: {df.columns})")
    return redact_series(df.get_column(column), extra_patterns)[1]
