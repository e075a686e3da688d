"""Address patterns beyond "12 Station Road" (issue 14); ``redact.py`` turns them into rules.

- a house number in words ("forty-two Kestrel Close", "twelve B, Station Road");
- a flat, unit or apartment number before a building and/or a street ("Flat 4, Regent House,
  21 Queen Street", "Unit 6, Riverside Business Park, Ferry Road", "flat 2, 17 harbour rd");
- a numbered building ("14 Mercer House") and one-word streets ("3a Kingsway");
- a house name before a street ("Ivy Cottage, Green Lane", "The Old Forge, Brook Lane");
- lower-case addresses ("42 kestrel close"), checked so that "3 bags on the road" is kept.

Patterns share the syntax of polars (Rust ``regex``) and Python's ``re``.
"""

from __future__ import annotations

import re

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER_WORDS = rf"(?:(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_TEENS}|{_UNITS})"
_STREET_WORDS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Court|Crescent|Gardens|Place|Terrace"
    "|Grove|Row|Hill|Park|Square|Walk|Rise|Mews|View|Green|Parade|Vale|Gate|Wynd|Brae|Loan"
    "|Boulevard|Broadway|Approach|Chase|Croft|Dale|Fold|Garth|Meadow|Meadows|Mead|Orchard|Quay"
    "|Ridge|Wharf|Causeway|Circus|Embankment|Promenade|Brow|Hollow|Cres|Gdns|Sq|Tce|Pde|Ln"
)
_BUILDING_WORDS = (
    "House|Court|Lodge|Mansions|Tower|Heights|Point|Buildings|Cottages|Villas|Place|Hall|Centre"
)
_HOUSE_NAME_WORDS = "Cottage|Farm|House|Lodge|Barn|Villa|Forge|Mill|Grange|Manor|Hall|Bungalow"
_CAP = r"[A-Z][a-zA-Z'’\-]+"
_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][a-zA-ZÀ-ÖØ-öø-ÿĀ-ſ'’\-]+"
# A flat number may be Scottish tenement style: "2/1" (second floor, first door), "G/2", "0/1".
_FLAT_NO = r"(?:[0-9Gg]{1,2}/\d{1,2}|\d{1,4}[A-Za-z]?)"
_FLAT = rf"(?:(?i:flat|unit|apartment|apt|room|maisonette)\.?\s+{_FLAT_NO}\s*,?\s+)"
_STREET_ADDRESS = (
    rf"(?:\d{{1,4}}[A-Za-z]?|(?i:{NUMBER_WORDS})(?:\s+[A-Za-z](?:\s*,)?)?),?\s+(?:{_CAP}\s+){{1,3}}"
    rf"(?:{_STREET_WORDS})\b"
)
_BUILDING = rf"(?:{_CAP}\s+){{1,3}}(?:{_BUILDING_WORDS}|Business\s+Park|Estate)\b"

# A flat/unit then a building and/or a street address; or a numbered building; or a street
# address written with the number in words.
FLAT_PATTERN = (
    rf"(^|[\s,(:])({_FLAT}(?:{_BUILDING}(?:\s*,\s*{_STREET_ADDRESS}|\s*,\s*(?:{_CAP}\s+){{0,2}}"
    rf"(?:{_STREET_WORDS})\b)?|{_STREET_ADDRESS}))"
)
NUMBERED_BUILDING_PATTERN = (
    rf"(^|[\s,(:])(\d{{1,4}}[A-Za-z]?\s+{_CAP}\s+(?:{_BUILDING_WORDS})\b"
    rf"|\d{{1,4}}[A-Za-z]?,?\s+[A-Z][a-z]+(?:way|gate|field|fields|side|wood|croft)\b)"
)
WORD_NUMBER_PATTERN = (
    rf"(^|[\s,(:])((?i:{NUMBER_WORDS})(?:\s+[A-Za-z](?:\s*,)?)?,?\s+(?:{_CAP}\s+){{1,3}}"
    rf"(?:{_STREET_WORDS})\b)"
)
HOUSE_NAME_PATTERN = (
    rf"(^|[\s,(:])((?:The\s+)?(?:{_CAP}\s+){{0,2}}(?:{_HOUSE_NAME_WORDS})\s*,\s*"
    rf"(?:{_CAP}\s+){{1,2}}(?:{_STREET_WORDS})\b)"
)
# A house number (or a range: "12-14") and a street: "12 Station Road", "5 ELM GROVE".
STREET_PATTERN = (
    rf"(^|[\s,(])((?:\d{{1,4}}[A-Za-z]?[\-–/])?\d{{1,4}}[A-Za-z]?,?\s+(?:{_WORD}\s+){{1,3}}"
    rf"(?i:{_STREET_WORDS})\b)"
)
# A house name with no street, before a town and a postcode (already replaced): "Hillside Farm,
# Llanfair, [POSTCODE]" (the town and the placeholder are kept).
RURAL_PATTERN = (
    rf"(^|[\s,(:])((?:The\s+)?(?:{_CAP}\s+){{0,2}}(?:{_HOUSE_NAME_WORDS}))"
    rf"(\s*,\s*(?:{_CAP}[ \t]*,?[ \t]*){{1,3}}\[POSTCODE\])"
)
# Lower case: "42 kestrel close", "flat 3b 119 stratford road", "2 the mews"; checked by
# :func:`lower_case_address`.
_LOWER_STREET = (
    "road|rd|street|st|avenue|ave|lane|close|drive|way|court|crescent|gardens|place|terrace|grove"
    "|row|mews|parade|walk|rise|square|view|vale|hill|green|chase|croft|dale|fold|garth|meadow"
    "|meadows|mead|orchard|quay|ridge|wharf|boulevard|broadway|approach|cres|gdns|sq|tce|pde|ln"
    "|wynd|brae"
)
_LOWER_BUILDING = "house|court|lodge|mansions|tower|heights|point|buildings"
LOWER_PATTERN = (
    r"(^|[\s,(:])((?:(?:flat|unit|apartment|apt)\s+(?:[0-9g]{1,2}/\d{1,2}|\d{1,4}[a-z]?),?\s+)?"
    rf"(?:\d{{1,4}}[a-z]?|{NUMBER_WORDS}),?\s+(?:[a-z][a-z'’\-]+\s+){{1,3}}(?:{_LOWER_STREET})"
    rf"|(?:flat|unit|apartment|apt)\s+\d{{1,4}}[a-z]?,?\s+(?:[a-z][a-z'’\-]+\s+){{1,2}}"
    rf"(?:{_LOWER_BUILDING}))\b"
)
# A house name after "live at", "address is"... in any case: "i live at rose cottage mill lane".
_HOUSE_WORDS_LOWER = "cottage|farm|house|lodge|barn|villa|forge|mill|grange|manor|hall|bungalow"
HOUSE_AFTER_CUE_PATTERN = (
    r"(?i)(\b(?:i\s+)?(?:live|living|lives|lived|reside|residing)\s+at\s+|\baddress\s+(?:is\s+|:\s*)"
    rf"|\bhouse\s+is\s+called\s+)((?:[a-z'’\-]+\s+){{0,2}}?(?:{_HOUSE_WORDS_LOWER})"
    rf"(?:,?\s+(?:[a-z'’\-]+\s+){{1,2}}(?:{_LOWER_STREET}))?)\b"
)
# A street straight after a replaced address, in any case: "[ADDRESS], moor lane", "[ADDRESS],
# Back Lane" (a flat and a building, then the street).
AFTER_ADDRESS_PATTERN = (
    rf"(\[ADDRESS\])([ \t]*,[ \t]*(?:[A-Za-z][a-z'’\-]+[ \t]+){{1,2}}(?i:{_LOWER_STREET})\b)"
)
# After "house name is", "house called": the name whatever its words ("The Willows"), and a
# street after it.
HOUSE_NAMED_PATTERN = (
    r"(?i)(\bhouse\s+(?:is\s+called|called|name\s+is|name\s*:)\s+)"
    r"((?:the\s+)?[a-z'’\-]+(?:\s+[a-z'’\-]+)?"
    rf"(?:,?\s+(?:[a-z'’\-]+\s+){{1,2}}(?:{_LOWER_STREET}))?)\b"
)
_NOT_STREET_TEXT = """a an the on in at by of to for from with and or my our your his her their its
    this that these those next near outside behind opposite along down up off over bags bag bins
    bin sacks
    boxes items weeks days times cars vehicles children kids people years months hours minutes
    pounds houses doors steps black blue green brown grey big large small full extra more old new
    potholes lights trees was were is are been be have has had"""
_NOT_STREET_WORDS = frozenset(_NOT_STREET_TEXT.split())


_LOWER_STREET_RE = re.compile(rf"(?i)(?:{_LOWER_STREET})")
_NUMBER_WORD = re.compile(rf"(?i)(?:{NUMBER_WORDS})")
# After "2 the ...": streets named with "the" alone ("2 the mews"), not "3 on the road".
_THE_STREETS = frozenset(
    ["mews", "green", "crescent", "parade", "square", "grove", "close", "drive", "avenue"]
)


def lower_case_address(match: re.Match[str]) -> str | None:
    """Check of :data:`LOWER_PATTERN`: keep "3 bags on the road", replace "42 kestrel close"."""
    words = match.group(2).replace(",", " ").split()
    street_name = [w for w in words if not any(c.isdigit() for c in w)]
    if words[0].lower() in {"flat", "unit", "apartment", "apt"}:
        street_name = street_name[1:]
    elif street_name and _NUMBER_WORD.fullmatch(street_name[0]):
        street_name = street_name[1:]  # "twelve church street"
    inner = street_name[:-1]
    if not inner or any(w.lower() in _NOT_STREET_WORDS for w in inner if w.lower() != "the"):
        return None
    if any(_LOWER_STREET_RE.fullmatch(w) for w in inner if w.lower() != "st"):
        return None  # "a one way road", "2 way street"
    only_the = inner[0].lower() == "the" and len(inner) == 1
    if only_the and street_name[-1].lower() not in _THE_STREETS:
        return None
    return f"{match.group(1)}[ADDRESS]"


_NOT_HOUSE_NAMES = frozenset(
    ["a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "new", "old"]
    + ["bigger", "smaller", "council", "care", "own"]
)


def house_after_cue(match: re.Match[str]) -> str | None:
    """Check of :data:`HOUSE_AFTER_CUE_PATTERN`: "live at rose cottage", not "live at a house"."""
    words = match.group(2).split()
    if words[0].lower() in _NOT_HOUSE_NAMES or len(words) == 1:
        return None
    return f"{match.group(1)}[ADDRESS]"


def street_after_address(match: re.Match[str]) -> str | None:
    """Check of :data:`AFTER_ADDRESS_PATTERN`: ", moor lane" is the street, not ", the road" or
    ", off church street" (a direction, kept)."""
    words = match.group(2).replace(",", " ").split()[:-1]
    if any(w.lower() in _NOT_STREET_WORDS for w in words):
        return None
    return "[ADDRESS]"
