"""Names typed in lower case with no capital or cue word to go by (issue 14).

- :func:`redact_name_words`: a short typed value (a wrap-up code, a queue name) checked word by
  word against the gazetteer in any case ("tabitha throckmorton", "cb aisha okafor 2pm");
- :data:`LOWER_BEFORE_VERB_PATTERN`: a listed name at the start of a note or clause, straight
  before a verb of contact ("fatima rang, wants call back"); ``redact.py`` runs it.
"""

from __future__ import annotations

import re

from pipelines.privacy.names import word_class

_CODE_TOKEN = re.compile(r"[^\s\-/,;:()]+|[\s\-/,;:()]+")


def redact_name_words(text: str) -> str:
    """A short typed value (a wrap-up code, a queue name) with its runs of name words replaced.

    Case is ignored: agents type codes in lower case ("tabitha throckmorton", "cb aisha okafor").
    A run of words each a first name, surname, unknown or ambiguous word (:func:`word_class`) is
    a name when it holds a listed first name or surname (``F``/``S``) and is two or more words
    long or that word alone; a lone ambiguous word ("smith", "will call back") is kept, as are
    runs of ordinary words, and a lone word in capitals of up to four letters, an abbreviation
    ("BEN - HB claim"). Words are separated by spaces only inside a run.
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
        abbreviation = len(run) == 1 and run[0].isupper() and len(run[0]) <= 4
        if (
            any(c in "FS" for c in classes)
            and (len(run) > 1 or classes[0] in "FS")
            and not (abbreviation)
        ):
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
