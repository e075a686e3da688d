"""What a reject reason, an error or a log line may show of a value read from a file.

A red-team run found reasons and log lines quoting raw values: a reason holding a name and a
phone number, the unknown outcome values logged as they were. Reasons and logs say which file,
row and column, and what was expected; a value is shown only where it helps the engineer (an
unknown channel "fax", a date in the wrong format) and only when, after the project's redactor
(``pipelines/privacy``), it is at most :data:`MAX_SHOWN` characters with at most one word of three
letters or more (placeholders such as ``[PHONE]`` not counted): "fax", "-5",
"03/02/2026 09:00:00 AM" are shown, "John Smith" (two words the redactor may not catch) or a
sentence are not, only their length. Log lines never show values except through this module.

Header names are shown (they are how an engineer fixes a mapping) only when the first line looks
like a header: no name the redactor changes, none longer than 40 characters or holding three
digits in a row (a date, a phone number, an amount). Otherwise the first line is probably a data
row and is not shown at all.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from pipelines.privacy import redact_texts

MAX_SHOWN = 32
MAX_HEADER_NAME = 40
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]*\]")
_WORD = re.compile(r"[^\W\d_]{3,}")
_DIGITS = re.compile(r"\d{3}")


def showable(redacted: str) -> bool:
    """May this redacted value be shown (at most MAX_SHOWN characters, one word)?"""
    words = _WORD.findall(_PLACEHOLDER.sub(" ", redacted))
    return len(redacted) <= MAX_SHOWN and len(words) <= 1


def safe_values(
    values: Sequence[str | None], extra_patterns: dict[str, str] | None = None
) -> list[str | None]:
    """Each value redacted when it may be shown (module doc), else None."""
    texts = ["" if v is None else str(v) for v in values]
    redacted = redact_texts(list(texts), extra_patterns)
    return [safe if showable(safe) else None for safe in redacted]


def shown_values(
    values: Sequence[str | None], extra_patterns: dict[str, str] | None = None
) -> list[str]:
    """For each value, ``value 'fax'`` (redacted) or ``a value of 37 characters (not shown)``."""
    out = []
    for value, safe in zip(values, safe_values(values, extra_patterns), strict=True):
        if safe is not None:
            out.append(f"value '{safe}'")
        else:
            size = len(str(value))
            out.append(f"a value of {size} characters (not shown: it may hold personal data)")
    return out


def record_field(value: str | None, safe: str | None) -> str | None:
    """A structured field of a rejected record: its safe value, or ``[NOT SHOWN: N characters]``."""
    if value is None or safe is not None:
        return value if value is None else safe
    return f"[NOT SHOWN: {len(value)} characters]"


def shown_value(value: str | None, extra_patterns: dict[str, str] | None = None) -> str:
    return shown_values([value], extra_patterns)[0]


def looks_like_header(names: Sequence[str]) -> bool:
    """True when no name is long, holds three digits in a row or is changed by the redactor."""
    texts = [str(name) for name in names]
    if any(len(t) > MAX_HEADER_NAME or _DIGITS.search(t) for t in texts):
        return False
    return redact_texts(texts) == texts


def describe_header(names: Sequence[str], expected: Collection[str]) -> str:
    """``the file has ['Call ID', ...]``, or why the names are not shown: also when the file
    has none of the ``expected`` columns (its first line is then no header of this export: a
    linked file of secrets read as a header once had its line logged)."""
    if not set(map(str, names)) & set(expected):
        return (
            f"the file has none of the mapping's columns; its first line ({len(names)} "
            "field(s)) is not shown: is this the right mapping, or is the header row missing?"
        )
    if looks_like_header(names):
        return f"the file has {sorted(str(n) for n in names)}"
    return (
        f"the file's first line ({len(names)} field(s)) is not shown: it does not look like a "
        "header (a field holds a number, a date, a long value or personal data); is the header "
        "row missing?"
    )


def safe_message(exc: BaseException) -> str:
    """An exception's message with anything in quotes or backticks left out, redacted, capped
    (a library's message can quote the value it failed on)."""
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`", "'…'", str(exc))
    text = redact_texts([text])[0]
    return text if len(text) <= 300 else text[:300] + "…"
