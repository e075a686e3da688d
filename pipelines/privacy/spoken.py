"""Phone numbers read out in words (issue 14): "oh seven seven double oh, nine double oh, ...".

:data:`SPOKEN_NUMBER_PATTERN` finds a run of digit words ("oh", "zero", "one"... "nine",
"double"/"treble" before a digit word, "plus four four"); :func:`spoken_phone` accepts it when it
reads as a UK phone number: 10 or 11 digits starting with 0, or 44 and 9 or 10 more after "plus"
or "double oh". Patterns share the syntax of polars (Rust ``regex``) and Python's ``re``.
"""

from __future__ import annotations

import re

_DIGITS = {
    "oh": "0",
    "o": "0",
    "zero": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_DIGIT_WORD = r"(?:oh|zero|nought|one|two|three|four|five|six|seven|eight|nine)"
_TOKEN = rf"(?:(?:double|treble|triple)\s+{_DIGIT_WORD}|{_DIGIT_WORD})"
SPOKEN_NUMBER_PATTERN = rf"(?i)\b(?:plus\s+)?{_TOKEN}(?:[\s,\-]+{_TOKEN}){{5,}}\b"


def _digits(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    out: list[str] = []
    repeat = 1
    for word in words:
        if word in ("double", "triple", "treble"):
            repeat = 2 if word == "double" else 3
            continue
        if word in _DIGITS:
            out.append(_DIGITS[word] * repeat)
        repeat = 1
    return "".join(out)


def spoken_phone(match: re.Match[str]) -> str | None:
    """Check of :data:`SPOKEN_NUMBER_PATTERN`: ``[PHONE]`` when the words read as a UK number."""
    text = match.group(0)
    digits = _digits(text)
    international = text.lower().startswith("plus") or digits.startswith("0044")
    if international:
        rest = digits[4:] if digits.startswith("0044") else digits[2:]
        ok = digits.startswith(("44", "0044")) and len(rest) in (9, 10)
    else:
        ok = digits.startswith("0") and len(digits) in (10, 11)
    return "[PHONE]" if ok else None


_NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?)"
)
# A postcode read out: capital letters spelled one by one, numbers in words or digits
# ("L S six, two Q T", "M fourteen, five R P", "S W one A, one A A").
SPOKEN_POSTCODE_PATTERN = (
    rf"\b[A-Z](?:\s+[A-Z])?\s+(?i:{_NUMBER_WORD}|\d{{1,2}})(?:\s+[A-Z])?\s*,?\s+"
    rf"(?i:{_DIGIT_WORD}|\d)\s+[A-Z]\s*[A-Z]\b"
)


_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORDINAL_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORDINAL = (
    rf"(?:twenty[\s-]*(?:{_ORDINAL_UNITS})|thirty[\s-]*first|{_ORDINAL_UNITS}|tenth|eleventh"
    r"|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
    r"|twentieth|thirtieth|\d{1,2}(?:st|nd|rd|th))"
)
_MONTH_WORD = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_YEAR_WORDS = (
    rf"(?:(?:nineteen|twenty)[\s-]+)?(?:(?:{_TENS})(?:[\s-]+(?:{_UNITS}))?|oh[\s-]+(?:{_UNITS})"
    rf"|{_TEENS})|(?:19|20)?\d{{2}}|['’]\d{{2}}"
)
_DAY_MONTH_WORDS = rf"(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?(?:the\s+)?(?:{_MONTH_WORD}|{_ORDINAL})"
SPOKEN_DATE = (
    rf"(?:{_DAY_MONTH_WORDS}(?:\s*,?\s*(?:in\s+)?(?:{_YEAR_WORDS}))?"
    rf"|(?:{_YEAR_WORDS})\s*,?\s*(?:the\s+)?{_ORDINAL}\s+of\s+{_MONTH_WORD})"
)
"""A date read out: "third of April, sixty-one", "twelfth of the eighth, fifty-four", "nineteen
fifty-two, the fourteenth of February". Used only after a date-of-birth cue (``redact.py``)."""

_NI_TOKEN = rf"(?:(?:double|treble|triple)\s+{_DIGIT_WORD}|{_DIGIT_WORD}|\d{{1,2}})"
SPOKEN_NI = rf"[a-z][\s,]*[a-z](?:[\s,\-]+{_NI_TOKEN}){{3,6}}(?:[\s,\-]+[a-d])?"
"""An NI number read out: "Q Q one two, three four, five six, C" (after an NI cue only)."""


def spoken_nino(match: re.Match[str]) -> str | None:
    """Check of the spoken NI rule: ``[NINO]`` when the words hold exactly six digits."""
    value = match.group(2)
    letters = re.match(r"\s*([A-Za-z])[\s,]*([A-Za-z])", value)
    rest = value[letters.end() :] if letters else value
    digits = _digits(rest) + "".join(re.findall(r"\d", rest))
    return f"{match.group(1)}[NINO]" if len(digits) == 6 else None


YEAR_AFTER_DOB_PATTERN = (
    rf"(?i)\[DOB\][ \t]*,?[ \t]*(?:in[ \t]+)?(?:nineteen|twenty)[\s-]+(?:(?:{_TENS})"
    rf"(?:[\s-]+(?:{_UNITS}))?|oh[\s-]+(?:{_UNITS})|{_TEENS}|hundred)\b"
)
"""A year read out after a date already replaced: "[DOB] nineteen eighty" (the digit rules take
"1st of December" and leave the spoken year)."""
