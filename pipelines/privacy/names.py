"""Names with or without cue words: a name gazetteer, capitalisation and context.

The gazetteer (``pipelines/data/names/``) holds first names and surnames common among UK
residents (Faker's person lists, MIT licence; its ``en_GB`` lists come from ONS tables) and an
English word list (SCOWL, via Debian's ``wbritish``), so a name that is also an ordinary word
(Bill, Mark, Rose, Grace, Hope, Will, Dawn...) is told apart. Provenance and licences are in
``pipelines/data/names/LICENCES.md``.

Each word of a candidate is put in one class:

- ``F`` a first name that is not an ordinary English word ("Margaret", "Tomasz");
- ``S`` a surname that is not an ordinary word ("Nowak", "Okafor");
- ``A`` ambiguous: a name that is also an ordinary word, month or day ("Grace", "Will", "May");
- ``U`` unknown: in neither list nor the dictionary ("Oyelowo", "Bhriain");
- ``C`` an ordinary word, a place or nationality ("Council", "Leeds", "Irish").

Two rules use the classes (the patterns and their checks live here; ``redact.py`` runs them):

- :data:`CAPITALISED_RULE`, with no cue needed: a run of capitalised words is a name when it
  holds a first name or surname from the gazetteer and is not followed by a street, building or
  organisation word ("Victoria Street", "Clifton Medical Practice") or led by "St". A lone
  surname, a lone unknown word or a lone ambiguous word needs a cue inside the run (a title,
  "Caller", "Dear", "Hi", a sign-off such as "Regards,") or after it ("Aisha here", "Rose from
  the tenants' association").
- :data:`CUE_RULE`: after a cue ("spoke to", "my neighbour", "writing as", "c/o", "called",
  "my son", "on behalf of"...), in any case ("spoke to grace at reception").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "names"


def _load(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Short forms of English given names that the lists lack (most are also ordinary words).
_SHORT_FORMS = _set(
    """will bill sue pat rob bob ted sam ben dan tom jim tim ken ray jo viv val mo di al max nick
    pete les ron don reg stan kit jay bea flo dot meg peg gill liz beth kath chris steve
    dave mike andy tony gary kev phil rich"""
)
_UNFOLDED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(word: str) -> str:
    """``word`` without accents (agents type "Wisniewski" for "Wiśniewski", "Sean" for "Seán")."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNFOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORDS = _load("english_words.txt")
_PROPER = _load("english_proper_nouns.txt")


def _with_folded(names: frozenset[str]) -> frozenset[str]:
    """``names`` and their accent-free forms, unless such a form is an English word or proper
    noun ("américa" does not make "America" a name)."""
    folded = {fold(name) for name in names} - names
    return names | {f for f in folded if f not in _WORDS and f not in _PROPER}


FIRST_NAMES = _with_folded(_load("first_names.txt") | _load("first_names_extra.txt") | _SHORT_FORMS)
SURNAMES = _with_folded(_load("surnames.txt") | _load("surnames_extra.txt"))

_MONTHS_DAYS = _set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday christmas easter "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thur thurs fri sat sun"
)
# Words of the trade and fillers that the dictionary misses or that are also names.
_NOT_NAMES = _set(
    """hi hello hiya hey dear thanks thank regards cheers best yours kind warm many sincerely
    faithfully er erm uh um ah oh ok okay yeah yep yes no nope caller cust customer tenant tenants
    applicant resident agent client contact caseworker officer councillor cllr mr mrs ms miss mx
    dr prof sir madam team housing council tax benefit benefits dob nino nhs ref re fao cc attn
    pls plz tbc asap uk gb nfa rtb ctr spd hb ct asb pcn cb vm adv req rang called spoke please
    sorry morning afternoon evening street road lane avenue close drive court way email mobile
    phone tel postcode date national insurance card bin bins brown blue green black grey
    recycling garden waste bulky flat house unit block estate ward parish borough city town
    county district centre center hall school academy college surgery practice medical health
    care home trust ltd limited plc group association services service department enforcement
    reception account direct debit universal credit pip esa jsa dwp hmrc the a an and or of to
    in on at for with from by my your his her our their its it's i'm i've i'll i'd im ive ill
    tenancy landlord repairs repair parking permit blue badge"""
)
_AFTER_WORDS = _set(
    """street st road rd lane avenue ave close drive dr court way crescent gardens place
    terrace grove row hill park square walk rise mews view green parade vale gate house
    hall centre center school academy college primary surgery practice medical hospital
    clinic care home homes trust ltd limited plc group association church chapel estate
    court villa cottage farm lodge manor tower towers building buildings road's street's
    uk council foundation society charity fund bank way's university partnership ct ave ln cl
    cres gdns sq pl tce pde hwy blvd"""
)
# Organisations named after people: not personal data (fixture-independent, well known).
_ORGS = frozenset(
    {"marie curie", "sue ryder", "age uk", "john lewis", "marks spencer", "christian aid"}
)
_PARTICLES = _set("ap ab ní ni nic mac mc ó o van von de da di del der la le al el bin bint")
_CUE_IN_RUN = _set(
    """mr mrs ms miss mx dr prof cllr councillor caller cust customer tenant applicant resident
    client contact caseworker dear hi hello hiya hey thanks regards cheers best sincerely
    faithfully wishes officer agent sw"""
)
# In-run cues strong enough for a lone name that is also an ordinary word ("Regards, Will"),
# unlike "Caller: Ring me back".
_STRONG_IN_RUN = _set(
    "mr mrs ms miss mx dr prof cllr councillor dear hi hello hiya hey thanks regards cheers best "
    "sincerely faithfully wishes"
)
_RIGHT_CUES = _set("here from rang called says said speaking calling")
_MODALS = _set("will may might must shall can")


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    """``F``, ``S``, ``A``, ``U`` or ``C`` for one word (see the module docstring)."""
    w = re.sub(r"['’]s$", "", word.strip(".,:;'’\"()")).lower()
    if not w or not w[0].isalpha():
        return "C"
    if w in _NOT_NAMES or w in _MONTHS_DAYS:
        return "A" if w in FIRST_NAMES and w not in _NOT_NAMES else "C"
    in_first = w in FIRST_NAMES or fold(w) in FIRST_NAMES
    in_last = w in SURNAMES or fold(w) in SURNAMES
    parts = w.split("-")
    if not (in_first or in_last) and len(parts) > 1:  # "Price-Davies", "Campbell-Reid"
        classes = {word_class(p.capitalize()) for p in parts if p}
        if classes & {"F", "S"} and classes <= {"F", "S", "U", "A"}:
            return "S"
    if in_first or in_last:
        if w in _WORDS:
            return "A"
        return "F" if in_first else "S"
    if w in _WORDS or w in _PROPER:
        return "C"
    return "U"


@lru_cache(maxsize=200_000)
def _is_title_case(word: str) -> bool:
    core = word.strip(".,:;'’\"()")
    return bool(core) and core[0].isupper() and any(c.islower() for c in core[1:])


# Explicit letter ranges (Latin, Latin-1, Latin Extended-A), not \\w: with Unicode classes the
# extraction ran 30 times slower in polars (docs/benchmark.md).
_L = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
_NOT_WORD = r"[^A-Za-z0-9_'’\-]"
_NWORD = rf"[{_L}][{_L}'’\-]*"
_CAPWORD = rf"[A-ZÀ-ÖØ-ÞĀ-ſ][{_L}'’\-]+"
# A run of capitalised words (and name particles), separated by spaces, a comma or a line break.
_SEP = r"(?:[ \t]+|[ \t]*[,:][ \t]*|[ \t]*,?[ \t]*\r?\n[ \t]*)"
_CAPSEQ = rf"{_CAPWORD}(?:{_SEP}(?:{_CAPWORD}|(?:ap|ní|Ní|Ó|ó|van|de|da|al|bin)[ \t]+{_CAPWORD}))*"
# Before a run: the start, a name just replaced, initials ("J. A. Whitfield", "J Smith") or a
# character that cannot be inside a word.
_BOUND = (
    r"(^|\[NAME\][ \t]+|(?:^|[^A-Za-z0-9_'’\-\[.])(?:[A-Z]\.[ \t]?){1,3}[ \t]*"
    r"|(?:^|[ \t(])[B-HJ-Z][ \t]+|[^A-Za-z0-9_'’\-\[])"
)
_INITIALS = re.compile(r"(.?)((?:[A-Z]\.[ \t]?){1,3}[ \t]*|[B-HJ-Z][ \t]+)")
_POSSESSIVE_CUES = (
    "husband|wife|son|daughter|mum|mother|dad|father|partner|carer|sister|brother|children|kids"
    "|family|landlord|neighbour"
)
_POSSESSIVE_SET = _set(_POSSESSIVE_CUES.replace("|", " "))
# A right cue ends at a word boundary, not on the character after it, so the next run can start
# there ("Email from Bogdan Nowak": "Email" takes " from", "Bogdan Nowak" is the next run).
_RIGHT = (
    r"((?:[ \t]+(?:here|from|rang|called|says|said|speaking|calling"
    rf"|{_POSSESSIVE_CUES})\b)"
    r"|[^A-Za-z0-9_'’\-\]]|$)"
)
CAPITALISED_PATTERN = rf"{_BOUND}({_CAPSEQ}){_RIGHT}"

_RELATIONS = (
    r"mum|mam|mom|mother|dad|father|son|sons|daughter|daughters|wife|husband|partner|boyfriend"
    r"|girlfriend|brother|sister|nan|nana|gran|grandma|grandad|grandson|granddaughter|aunt|uncle"
    r"|niece|nephew|cousin|neighbour|neighbor|carer|friend|landlord|landlady|colleague|lodger"
    r"|child|children|kids|baby|stepson|stepdaughter|ex"
)
# Verbs and labels of agents' notes after which a name often follows in any case ("rang tomasz",
# "per siobhan", "cb to aisha"); broad, so after them only a word from the name lists counts.
_BROAD_CUES = (
    r"(?:rang|rung|phoned|called|emailed|texted)\s+back|rang|rung|phoned|emailed|e-mailed|texted|messaged|cb\s+(?:to|for)|call\s*back\s+(?:to|for)"
    r"|(?:left\s+)?(?:vm|voicemail|msg|message)\s+(?:for|to)|per|attn|attention|dealt\s+with\s+by"
    r"|handled\s+by|allocated\s+to|assigned\s+to|transferred\s+to|referred\s+to|informed|adv"
    r"|advised|visited|met\s+with|told|asked|contacted|chased|signed(?:\s+by)?"
    r"|(?:reported|raised|logged|submitted|completed|requested|sent|ended|closed|updated"
    r"|actioned)\s+by"
)
_CUES = (
    r"(?:rang|rung|phoned|called|emailed|texted)\s+back|in\s+the\s+name\s+of|under\s+the\s+name(?:\s+of)?|name\s+of|known\s+as|aka|a\.k\.a\.?"
    r"|account\s+holder|account\s+name|full\s+name|first\s+name|forename|executor|next\s+of\s+kin"
    r"|nok|names|spoke\s+(?:to|with)|spk\s+(?:to|w)|speak\s+(?:to|with)|talked\s+to|talking\s+to"
    r"|through\s+to|ask\s+for|asked\s+for|passed\s+to|writing\s+as|on\s+behalf\s+of|c/o|fao"
    r"|called|named|name\s+is|name's|name|nee|née|surname(?:'s|\s+is)?|hi|hello|hiya|dear"
    r"|thanks|cheers|regards|(?:my|our|his|her|their|your)\s+(?:(?:elderly|late|little|eldest"
    rf"|youngest|adult|teenage|next\s+door)\s+)?(?:{_RELATIONS})|(?:{_RELATIONS})"
    r"|it's|it’s|its|this\s+is|i'm|i’m|im|i\s+am|caller|cust|tenant|applicant|client"
    r"|caseworker|colleague|cllr|councillor|lady|man|gentleman|officer|worker"
    r"|that's|that’s|thats|that\s+is"
    rf"|{_BROAD_CUES}"
)
CUE_PATTERN = (
    rf"(?i:((?:^|{_NOT_WORD})(?:(?:{_CUES})(?:[ \t]*[,:\-(][ \t]*|[ \t]+)){{1,3}}))"
    rf"({_NWORD}(?:[ \t]+{_NWORD}){{0,3}})"
)
_CUE_RE = re.compile(CUE_PATTERN)
# A name spelled out letter by letter: "B-O-A-T-E-N-G", "c-h-e-n".
SPELLED_PATTERN = r"\b[A-Za-z](?:-[A-Za-z]){2,}\b"

# First words of the cues in CUE_PATTERN: a cue inside the words after another cue starts so.
_CUE_STARTS = _set(
    "spoke spk speak talked talking through ask asked passed writing on c/o fao called named name "
    "name's nee née surname surname's hi hello hiya dear thanks cheers regards my our his her "
    "their your it's it’s its this i'm i’m im i caller cust tenant applicant client caseworker "
    "colleague cllr councillor lady man gentleman officer worker that's that’s thats that "
    + _RELATIONS.replace("|", " ")
)
_STRONG_FOR_LOWER = re.compile(r"(?i)name|called|named|surname|nee|née")
_WEAK_CUES = re.compile(
    r"(?i)^\W*(?:it'?s|it’s|its|this\s+is|i'?m|i’m|im|i\s+am|hi|hello|hiya|that'?s|that’s"
    r"|that\s+is)\W*$"
)
# Cues after which a lower-case name that is also an ordinary word is taken ("spoke to grace").
_LOWER_A_CUES = re.compile(
    rf"(?i)name|called|named|spoke|spk|speak|talk|through|ask|passed|hi|hello|{_RELATIONS}"
)
# Cues after which a capitalised ordinary-word name needs no further sign ("passed to Will").
_CAPITAL_A_CUES = re.compile(
    rf"(?i)name|called|named|spoke|spk|speak|talk|through|ask|passed|writing|behalf|c/o|fao"
    rf"|dear|hi|hello|hiya|thanks|cheers|regards|{_RELATIONS}"
)


def _run_is_name(words: list[str], classes: list[str], cued: bool) -> bool:
    names = [c for c in classes if c in "FSAU"]
    if not names or len(names) != len(classes):
        return False
    if "F" in classes or "S" in classes:
        return len(classes) > 1 or classes[0] == "F" or cued
    if len(classes) > 1:  # "Hope Nwosu", "Kwame Boateng": two or more unknown/ambiguous words
        return "U" in classes and (cued or any(len(w) > 3 for w in words))
    return cued and (classes[0] == "U" or _is_title_case(words[0]))


_FAST_SPLIT = re.compile(r"[\s,:]+")
_WORD_WITH_SEP = re.compile(r"([ \t,:\r\n]*)([^ \t,:\r\n]+)")
_TOKEN = re.compile(r"\S+")


def _split_words(seq: str) -> list[tuple[str, str]]:
    """(word, the separator before it) pairs of a capitalised run."""
    out: list[tuple[str, str]] = []
    for found in _WORD_WITH_SEP.finditer(seq):
        out.append((found.group(2), found.group(1)))
    return out


def redact_capitalised(match: re.Match[str]) -> str | None:
    """Check of :data:`CAPITALISED_PATTERN`: replace the name runs inside the capitalised run."""
    before, seq, after = match.group(1), match.group(2), match.group(3)
    after_name = before.startswith("[NAME]")  # "[NAME] Doyle": the rest of a name
    initials = None if after_name else _INITIALS.fullmatch(before)
    if not initials and all(word_class(w) == "C" for w in _FAST_SPLIT.split(seq) if w):
        return None  # most runs: "Please", "The Council", "Thank you"
    right_word = after.strip().lower().rstrip(".,")
    right_cue = right_word in _RIGHT_CUES or (
        right_word in _POSSESSIVE_SET and bool(re.search(r"['’]s$", seq))  # "Sunita's husband"
    )
    words = _split_words(seq)
    if " ".join(w for w, _ in words).lower().replace("&", "").replace("  ", " ") in _ORGS:
        return None
    out: list[str] = []
    changed = False
    i = 0
    prev_cue = strong_cue = after_name or initials is not None
    while i < len(words):
        word, sep = words[i]
        cls = word_class(word)
        if word.lower() in _PARTICLES:
            out.append(sep + word)
            i += 1
            continue
        next_low = words[i + 1][0].strip(".,:").lower() if i + 1 < len(words) else ""
        if (
            cls == "C"
            and i == 0
            and initials
            and _proper_surname(word)
            and next_low not in _AFTER_WORDS
        ):
            out.append("[NAME]" + _suffix(word))  # "J. A. Whitfield": a place name as a surname
            changed = True
            prev_cue = strong_cue = False
            i += 1
            continue
        if cls == "C":
            out.append(sep + word)
            low = word.strip(".,:").lower()
            prev_cue = low in _CUE_IN_RUN
            strong_cue = low in _STRONG_IN_RUN
            if low in {"st", "saint"}:  # "St Anne's": a place
                while i + 1 < len(words) and word_class(words[i + 1][0]) != "C":
                    i += 1
                    out.append(words[i][1] + words[i][0])
            i += 1
            continue
        j = i
        run: list[tuple[str, str]] = []
        while j < len(words):
            w, s = words[j]
            if j > i and ("," in s or "\n" in s):
                break
            if word_class(w) == "C" and w.lower() not in _PARTICLES:
                break
            run.append((w, s))
            j += 1
        while run and run[-1][0].lower() in _PARTICLES:
            run.pop()
            j -= 1
        next_word = words[j][0].strip(".,:").lower() if j < len(words) else ""
        next_sep = words[j][1] if j < len(words) else ""
        blocked = next_word in _AFTER_WORDS and "," not in next_sep and "\n" not in next_sep
        if len(run) > 1 and run[-1][0].strip(".,:").lower() in _PLACE_WORDS:
            blocked = True  # "Victoria Park", "Albert Street": "Park" and "Street" are surnames too
        is_last = j == len(words)
        cued = prev_cue or (is_last and right_cue)
        run_words = [w for w, _ in run if w.lower() not in _PARTICLES]
        classes = [word_class(w) for w in run_words]
        if classes == ["A"] and not (strong_cue or (is_last and right_cue)):
            cued = False  # "Caller: Ring me back": a role cue is not enough for "Ring"
        if classes == ["A"] and run_words[0].lower() in _MODALS | _MONTHS_DAYS:
            cued = cued and not (initials and i == 0)  # "the U.S. Will you accept it"
        if not blocked and not cued and _surname_comma_name(run_words, classes, words, j):
            cued = True  # "Okafor, Chidi", "NOWAK, Margaret"
            pair_cue = True
        else:
            pair_cue = False
        if not blocked and _run_is_name(run_words, classes, cued):
            last = run[-1][0]
            tail = re.search(r"(['’]s)?([.,:;)]*)$", last)
            suffix = (tail.group(1) or "") + (tail.group(2) or "") if tail else ""
            out.append(run[0][1] + "[NAME]" + suffix)
            changed = True
        else:
            out.extend(s + w for w, s in run)
        prev_cue = strong_cue = pair_cue
        i = j
    if not changed:
        return None
    if initials and out and out[0].startswith("[NAME]"):
        before = initials.group(1)  # the initials go with the name
    return before + "".join(out) + after


def _proper_surname(word: str) -> bool:
    low = re.sub(r"['’]s$", "", word.strip(".,:;)")).lower()
    return (
        _is_title_case(word)
        and len(low) > 2
        and low in _PROPER
        and low not in _NOT_NAMES
        and low not in _AFTER_WORDS
    )


def _suffix(word: str) -> str:
    tail = re.search(r"(['’]s)?([.,:;)]*)$", word)
    return (tail.group(1) or "") + (tail.group(2) or "") if tail else ""


_PLACE_WORDS = _set(
    """park street road lane avenue close drive way court crescent gardens place terrace grove
    square walk rise mews view parade vale gate school surgery practice hospital clinic centre
    center estate library station church chapel academy college primary university trust ltd
    council"""
)


def _surname_comma_name(
    run_words: list[str], classes: list[str], words: list[tuple[str, str]], j: int
) -> bool:
    """A lone surname or unknown word, a comma, then a name word: "Okafor, Chidi"."""
    if len(run_words) != 1 or classes[0] not in "SU" or j >= len(words):
        return False
    following, sep = words[j]
    if sep.strip() != ",":
        return False
    second = word_class(following)
    return second in "FSU" and "S" in (classes[0], second) or second == "F"


def redact_after_cue(match: re.Match[str]) -> str | None:
    """Check of :data:`CUE_PATTERN`: the name-like words straight after a cue, in any case."""
    return _after_cue(match.group(1), match.group(2), depth=0)


_ENDS_BROAD = re.compile(rf"(?i)(?:^|[^a-z])(?:{_BROAD_CUES})(?:[ \t]*[,:\-(][ \t]*|[ \t]+)$")


@lru_cache(maxsize=50_000)
def _cue_kind(cue: str) -> tuple[bool, bool, bool, bool, bool]:
    """(takes an unknown lower-case word, weak, takes a lower-case or a capitalised A word,
    broad: only a listed first name or surname counts)."""
    return (
        bool(_STRONG_FOR_LOWER.search(cue)),
        bool(_WEAK_CUES.match(cue)),
        bool(_LOWER_A_CUES.search(cue)),
        bool(_CAPITAL_A_CUES.search(cue)),
        bool(_ENDS_BROAD.search(cue)),
    )


_PERSON_CUES = re.compile(
    rf"(?i)name|called|named|known|aka|tenant|cust|caller|client|{_RELATIONS}"
)


def _ordinary_before_name(cue: str, word: str, following: str, after: str) -> bool:
    """A capitalised ordinary word that is a first name here: "daughter Precious Moyo".

    The next word must be a listed name, or an unknown word after a cue that names a person
    (a relation, "tenant", "called"): "Dear Constituent Eversource" is kept.
    """
    low = word.strip(".,:;'’\"()").lower()
    if not _is_title_case(word) or low in _NOT_NAMES or low in _MONTHS_DAYS:
        return False
    if not _is_title_case(following) or after.strip(".,:;").lower() in _AFTER_WORDS:
        return False
    second = word_class(following)
    return second in "FS" or (second == "U" and bool(_PERSON_CUES.search(cue)))


def _after_cue(cue: str, rest: str, depth: int) -> str | None:
    words = rest.split()
    first = words[0] if words else ""
    if (
        first
        and word_class(first) == "C"
        and not _is_title_case(first)
        and not any(w.lower().strip(",:-") in _CUE_STARTS for w in words[1:])
    ):
        return None  # the common case, "cust rang about the bins": no name and no second cue
    strong_lower, weak, lower_a, capital_a, broad = _cue_kind(cue.lower())
    taken: list[str] = []
    for k, word in enumerate(words):
        core = word.strip(".,:;'’\"()")
        cls = word_class(word)
        low = core.lower()
        capital = _is_title_case(core)
        following = words[k + 1] if k + 1 < len(words) else ""
        if low in _PARTICLES and following and taken:
            taken.append(word)
            continue
        if cls == "C":
            after = words[k + 2] if k + 2 < len(words) else ""
            if taken or not following or not _ordinary_before_name(cue, word, following, after):
                break
        if cls == "A" and not taken:
            if low in _MODALS and not capital:
                break
            if weak and low in _MONTHS_DAYS:
                break
            if not capital and not lower_a and not weak:
                break
            if (
                weak
                and following
                and following.lower() not in {"and", "here"}
                and (not capital or following[:1].islower())
            ):
                break
            if capital and not capital_a and not weak and following[:1].islower():
                break
        if cls == "A" and taken and not capital and low not in SURNAMES:
            break
        if cls == "U" and not capital and not (strong_lower or taken):
            break
        if cls == "U" and capital and weak and not taken and len(core) < 3:
            break
        taken.append(word)
    while taken and taken[-1].strip(".,:;").lower() in _PARTICLES:
        taken.pop()
    if broad and not any(word_class(w) in "FS" for w in taken):
        taken = []  # "rang back", "per month", "adv Ocado": not a listed name
    if taken and len(words) > len(taken) and words[len(taken)].lower() in _AFTER_WORDS:
        taken = []  # "this is London Road calling": a place
    if not taken:
        if (
            depth < 2
            and words
            and word_class(words[0]) == "C"
            and any(w.lower().strip(",:-") in _CUE_STARTS for w in words[1:])
        ):  # "hi this is sandra"
            inner = _CUE_RE.search(" " + rest)
            if inner:
                replaced = _after_cue(inner.group(1), inner.group(2), depth + 1)
                if replaced is not None:
                    head = (" " + rest)[: inner.start()]
                    tail = (" " + rest)[inner.end() :]
                    return cue + (head + replaced + tail)[1:]
        return None
    last = taken[-1]
    tail_match = re.search(r"(['’]s)?$", last)
    suffix = tail_match.group(1) or "" if tail_match else ""
    tokens = list(_TOKEN.finditer(rest))
    remainder = rest[tokens[len(taken) - 1].end() :] if len(tokens) >= len(taken) else ""
    return f"{cue}[NAME]{suffix}{remainder}"
