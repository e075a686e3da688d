"""Names typed in lower case with no capital or cue word to go by (issue 14).

- :func:`redact_name_words`: a short typed value (a wrap-up code, a queue name) checked word by
  word against the gazetteer in any case ("tabitha throckmorton", "cb aisha okafor 2pm");
- :data:`LOWER_BEFORE_VERB_PATTERN`: a listed name at the start of a note or clause, straight
  before a verb of contact ("fatima rang, wants call back"); ``redact.py`` runs it.
"""

from __future__ import annotations

import re

from pipelines.privacy.names import (
    _AFTER_WORDS,
    _ORGS,
    _PARTICLES,
    FIRST_NAMES,
    SURNAMES,
    word_class,
)

_CODE_TOKEN = re.compile(r"[^\s\-/,;:()]+|[\s\-/,;:()]+")


def redact_name_words(text: str) -> str:
    """A short typed value (a wrap-up code, a queue name) with its runs of name words replaced.

    Case is ignored: agents type codes in lower case ("tabitha throckmorton", "cb aisha okafor").
    A run of words each a first name, surname, unknown or ambiguous word (:func:`word_class`) is
    a name when it holds a listed first name or surname (``F``/``S``) and is two or more words
    long or that word alone, or is a listed first name then a listed surname that are both
    ordinary words too ("john smith"); a lone ambiguous word ("smith", "will call back") is kept,
    as are
    runs of ordinary words, a run ending in a street or place word ("hyde park"), and a lone word
    in capitals of up to four letters, an abbreviation ("BEN - HB claim"). Words are separated
    by spaces only inside a run.
    """
    tokens = _CODE_TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token[0].isalpha() or word_class(token) == "C":
            out.append(token)
            i += 1
            continue
        j, run = i, [token]
        while j + 2 < len(tokens) and tokens[j + 1].isspace():
            nxt = tokens[j + 2]
            if not nxt[0].isalpha() or word_class(nxt) == "C":
                break
            run.append(nxt)
            j += 2
        classes = [word_class(w) for w in run]
        kept = len(run) == 1 and run[0].isupper() and len(run[0]) <= 4  # "BEN": abbreviation
        if any(w.lower() in _AFTER_WORDS for w in run[1:]):
            kept = True  # a place: "Hyde Park", "Victoria Street"
        kept = kept or " ".join(run).lower() in _ORGS  # "sue ryder": a charity
        named = any(c in "FS" for c in classes) and (len(run) > 1 or classes[0] in "FS")
        # "john smith": two ambiguous words, a listed first name then a listed surname
        pair = len(run) > 1 and run[0].lower() in FIRST_NAMES and run[-1].lower() in SURNAMES
        if (named or pair) and not kept:
            out.append("[NAME]")
        else:
            out.extend(tokens[i : j + 1])
        i = j + 1
    return "".join(out)


# A name typed in lower case at the start of a note or clause, straight before a verb of contact:
# "fatima rang, wants call back", "ok so nowak called again". Only listed names count.
LOWER_BEFORE_VERB_PATTERN = (
    r"((?:^|[.!?;,:\n])[ \t]*(?:(?i:and|but|so|then|also|ok|update:?)[ \t]+)*"
    r"|(?:^|[ \t])(?:(?i:and|but|so|then|also|ok|update:?)[ \t]+)+)"
    r"([a-z][a-z'’\-]+(?:[ \t]+[a-z][a-z'’\-]+)?)"
    r"([ \t]+(?:rang|called|phoned|emailed|texted|says|said|wants|asked|came\s+in)\b)"
)


def redact_lower_before_verb(match: re.Match[str]) -> str | None:
    """Check of :data:`LOWER_BEFORE_VERB_PATTERN`: every word a name word, one of them listed."""
    classes = [word_class(w) for w in match.group(2).split()]
    if "C" in classes or not any(c in "FS" for c in classes):
        return None
    return f"{match.group(1)}[NAME]{match.group(3)}"


# A title in any case before initials and a surname typed in lower case: "its mrs a k patel",
# "mr smith", "Mrs a k patel" ("dr" and "miss" are left out: "oak dr", "we miss bins").
TITLE_LOWER_PATTERN = (
    r"(?i:((?:^|[^a-z0-9_'’\-\[])(?:mrs|mr|ms|mx)\.?[ \t]+"
    r"(?:(?:and|&)[ \t]+(?:mrs|mr|ms|mx)\.?[ \t]+)?))"
    r"((?i:[a-z]\.?[ \t]+){0,3}[a-z][a-z'’\-]+(?:[ \t]+[a-z][a-z'’\-]+)?)\b"
)


def redact_title_lower(match: re.Match[str]) -> str | None:
    """Check of :data:`TITLE_LOWER_PATTERN`: the surname is a name word ("ms teams" is kept); a
    second word is taken only when it is a listed or unknown name too."""
    words = match.group(2).split()
    initials = [w for w in words if len(w.rstrip(".")) == 1]
    rest = words[len(initials) :] if words[: len(initials)] == initials else []
    if not rest or word_class(rest[0]) == "C":
        return None
    taken = 1 + (len(rest) > 1 and word_class(rest[1]) in "FSU")
    tail = " ".join(rest[taken:])
    return f"{match.group(1)}[NAME]" + (f" {tail}" if tail else "")


# A name typed again in lower case straight after a name already replaced: "it's [NAME], jo
# bailey" (the caller repeating it).
AFTER_NAME_PATTERN = r"(\[NAME\][ \t]*[,.]?[ \t]+)([a-z][a-z'’\-]+(?:[ \t]+[a-z][a-z'’\-]+)?)\b"


def redact_after_name(match: re.Match[str]) -> str | None:
    """Check of :data:`AFTER_NAME_PATTERN`: the first word is a listed name that is not an
    ordinary word ("[NAME], will call back" kept), a second is taken when it is a name word."""
    words = match.group(2).split()
    classes = [word_class(w) for w in words]
    if classes[0] not in "FS" or words[0].lower() in _PARTICLES:
        return None  # "[NAME] de la Hermandad": a particle is not the name again
    if len(words) == 2 and classes[1] not in "FSU":
        return f"{match.group(1)}[NAME] {words[1]}"
    return f"{match.group(1)}[NAME]"
