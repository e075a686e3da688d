"""Safeguarding (vulnerability) markers in resident text.

A recall-first lexicon: regular-expression alternations, case-insensitive, grouped by the
Financial Conduct Authority's four drivers of vulnerability (health, life events, resilience,
capability) and by the ways residents disclose risk to a council (self-harm, domestic abuse,
homelessness, enforcement, no heating, caring, bereavement, falls...). A contact whose text
matches any marker is flagged, and flagged contacts are never treated as automation candidates.

Recall comes first: negated and third-party mentions still flag ("I'm not suicidal but...",
"my neighbour says she wants to end it"), and so do some ordinary uses of the same words ("end
it" about a subscription). Run it on the ORIGINAL text, before redaction, and store only the flag.
"""

from __future__ import annotations

import re

import polars as pl

_CANT = r"(?:can['’]?t|cannot|can\s+not|unable\s+to)"
_DONT = r"(?:don['’]?t|do\s+not|dont)"
_IM = r"(?:i['’]?m|i\s+am|im)"
_HESHE = r"(?:he|she|they)"
_FAMILY = (
    r"(?:mum|mam|mom|dad|mother|father|husband|wife|partner|son|daughter|child|baby|nan"
    r"|gran|grandmother|grandfather|grandad|brother|sister|boyfriend|girlfriend)"
)
_ABUSER = r"(?:partner|husband|wife|boyfriend|girlfriend|ex|son|daughter|he|she)"
_HIT = (
    r"(?:hit|hits|hitting|beat|beats|beating|punch\w*|kick\w*|strangl\w*|chok\w*|hurt\w*|attack\w*)"
)

LEXICON: dict[str, tuple[str, ...]] = {
    "suicide_self_harm": (
        r"end(?:ing)?\s+it(?:\s+all)?\b",
        r"end(?:ing)?\s+(?:my|his|her|their)\s+(?:own\s+)?life",
        r"kill(?:ing)?\s+(?:myself|himself|herself|themselves)",
        r"suicid\w*",
        r"self[\s-]?harm\w*",
        r"(?:take|took|taken|taking)\s+(?:my|his|her|their)\s+own\s+life",
        r"overdos\w*",
        rf"{_DONT}\s+want\s+to\s+(?:be\s+here|live|go\s+on|be\s+alive|wake\s+up)",
        r"want(?:s|ed)?\s+to\s+die",
        r"better\s+off\s+(?:dead|without\s+me)",
        r"better\s+off\s+without\s+(?:him|her|them|us)",
        r"nothing\s+(?:left\s+)?to\s+live\s+for",
        r"(?:texted|messaged|rang|called|phoned)\b.{0,40}\bgoodbye",
        r"jump\s+(?:off|from)\s+(?:the|a)\s+(?:bridge|building|roof|car\s+park)",
        r"(?:saving|stockpiling|hoarding|collecting)\s+(?:up\s+)?(?:my|his|her)\s+(?:tablets|pills)",
        r"no\s+point\s+(?:in\s+)?(?:going\s+on|living|carrying\s+on)",
        r"not\s+worth\s+living",
        r"cutting\s+(?:myself|himself|herself)",
        r"hang\s+(?:myself|himself|herself)",
    ),
    "domestic_abuse": (
        r"domestic\s+(?:abuse|violence)",
        rf"{_ABUSER}\s+{_HIT}\s+(?:me|us|the\s+kids)",
        rf"{_HESHE}['’]?s\s+(?:violent|abusive|controlling)",
        rf"{_HESHE}\s+(?:is|was|gets)\s+(?:violent|abusive|controlling)",
        rf"(?:scared|afraid|frightened|terrified)\s+(?:of\s+(?:him|her|them|my\s+{_ABUSER})"
        r"|to\s+go\s+home)",
        r"(?:abusive|violent|controlling)\s+(?:partner|husband|wife|relationship|ex|boyfriend"
        r"|girlfriend|son)",
        r"controls?\s+(?:all\s+)?(?:the|my)\s+money",
        r"coercive",
        r"flee(?:ing)?\b|fled\b",
        r"\brefuge\b",
        r"non[\s-]?molestation",
        r"threaten\w*\s+(?:me|to\s+kill|to\s+hurt)",
        r"won['’]?t\s+let\s+me\s+(?:out|leave|see)",
        r"push(?:es|ed|ing)?\s+(?:me|her|him|us)\s+(?:around|about)",
        r"bruis\w*",
        r"walked\s+into\s+a\s+door",
        r"won['’]?t\s+give\s+(?:me|her)\s+(?:any\s+)?money",
        rf"police\s+on\s+(?:my|her|his)\s+{_ABUSER}",
        r"(?:scared|afraid|frightened|terrified)\s+to\s+(?:leave|go\s+home|tell)",
        r"(?:checks|goes\s+through|reads)\s+(?:my|her)\s+(?:phone|messages)",
        r"takes\s+(?:my|her)\s+(?:bank\s+card|card|money|benefits)",
        rf"because\s+of\s+(?:her|my|his)\s+{_ABUSER}",
        r"(?:beats|hits|hurts)\s+me\b",
        r"\b(?:is|was|being|gets|got)\s+(?:violent|abusive)",
    ),
    "homelessness": (
        r"homeless\w*",
        r"sofa[\s-]?surf\w*",
        r"sleep(?:ing|s)?\s+rough",
        r"rough\s+sleep\w*",
        r"evict\w*",
        r"section\s*21\b",
        r"notice\s+to\s+quit",
        r"nowhere\s+(?:to|else\s+to)\s+(?:live|go|stay|sleep)",
        r"sleeping\s+(?:in\s+(?:my|the|a|our)\s+(?:car|van|park|street|doorway|tent)|on\s+the\s+streets?)",
        r"los(?:e|ing)\s+(?:my|our|the)\s+(?:home|house|flat|tenancy)",
        r"kick(?:ed|ing)\s+(?:me|us)\s+out",
        r"thrown\s+(?:me\s+|us\s+)?out",
        r"living\s+in\s+(?:a|my|the)\s+(?:tent|car|van)",
        r"no\s+fixed\s+abode",
        r"(?:staying|sleeping|kipping)\s+on\s+(?:a|my|his|her|their)\s+(?:\w+['’]?s\s+)?"
        r"(?:sofa|couch|settee|floor)",
        r"changed\s+the\s+locks",
        r"all\s+in\s+one\s+room",
        r"nowhere\s+(?:lined\s+up|to\s+move\s+to)",
        r"doss(?:ing|ed)?\b",
        r"wants?\s+(?:us|me)\s+out\b",
        r"(?:have|has|got)\s+to\s+be\s+out\s+by",
        r"sleeping\s+in\s+(?:his|her|their)\s+(?:car|van)",
        r"had\s+to\s+(?:leave|flee)\s+(?:home|the\s+house|the\s+flat)",
        r"possession\s+order",
    ),
    "debt": (
        r"bailiff\w*",
        r"enforcement\s+(?:agent|officer)s?",
        r"enforcement\s+(?:company|agency|agents|officers)",
        r"choose\s+between\s+(?:paying|eating|heating|feeding|food)",
        r"owe[sd]?\s+(?:thousands|hundreds|loads)",
        r"(?:until|till|til)\s+pay\s*day",
        rf"{_CANT}\s+(?:afford|pay)\b",
        r"\bin\s+(?:so\s+much\s+|a\s+lot\s+of\s+)?debt\b",
        r"debt\s+collect\w*",
        r"\bdebts\b",
        r"(?:rent|mortgage)\s+arrears",
        r"behind\s+(?:on|with)\s+(?:everything|the\s+rent|my\s+bills)",
        r"no\s+money\s+(?:left|at\s+all|for)",
        r"food\s*bank",
        r"skip(?:ping)?\s+meals",
        rf"{_CANT}\s+(?:make\s+ends\s+meet|feed)",
        r"nothing\s+to\s+eat",
        r"(?:haven['’]?t|not|hasn['’]?t)\s+eaten",
    ),
    "fuel_poverty": (
        r"pre[\s-]?pay(?:ment)?\s+meter",
        r"(?:no|without)\s+(?:gas|electric\w*|heating|power)\b",
        rf"{_CANT}\s+(?:afford\s+to\s+)?(?:put|turn|have)\s+(?:the\s+)?heating\s+on",
        rf"{_CANT}\s+top\s+up",
        r"key\s+meter",
        r"card\s+meter",
        r"(?:house|flat|home|room)\s+is\s+(?:so\s+|freezing\s+)?cold",
        r"hands\s+are\s+blue",
        r"no\s+credit\s+(?:for|on)\s+(?:the\s+)?(?:gas|electric\w*|meter)",
        r"(?:heating|gas|electric)['’]?s\s+off|(?:heating|gas|electric)\s+is\s+off",
        r"self[\s-]?disconnect\w*",
        r"\bfreezing\b",
        r"(?:gas|electric\w*|power|heating|water|supply)\s+(?:has\s+been\s+|was\s+|got\s+|is\s+)?cut\s+off",
        r"cut\s+off\s+(?:my|our|the)\s+(?:gas|electric\w*|power|supply|water|heating)",
    ),
    "carer": (
        r"\bcarers?\b",
        r"caring\s+for",
        r"(?:to|for)\s+(?:his|her|their)\s+(?:hospital\s+)?appointments",
        rf"{_CANT}\s+go\s+out\s+(?:alone|on\s+(?:his|her|their)\s+own)",
        rf"care\s+for\s+my\s+(?:disabled\s+)?{_FAMILY}",
        rf"look(?:s|ing)?\s+after\s+my\s+{_FAMILY}",
    ),
    "bereavement": (
        r"passed\s+away",
        r"\bdied\b",
        r"\bdeath\b",
        r"bereave\w*",
        r"funeral",
        r"\bburied\b",
        rf"{_FAMILY}\s+passed\b",
        r"widow\w*",
        rf"(?:just\s+)?lost\s+my\s+{_FAMILY}",
    ),
    "mental_health": (
        r"depress\w*",
        r"anxiety|anxious",
        r"bipolar",
        r"(?:nervous|mental)\s+breakdown",
        r"had\s+a\s+breakdown",
        r"mental\s+(?:health|illness)",
        r"\bptsd\b",
        r"crisis\s+team",
        r"panic\s+attacks?",
        r"schizophren\w*",
        r"psychos\w*|psychotic",
        r"\bocd\b",
        r"eating\s+disorder",
        r"sectioned",
        r"personality\s+disorder",
        r"agoraphob\w*",
        r"not\s+right\s+in\s+the\s+head",
        r"(?:my|his|her)\s+nerves",
        r"talking\s+to\s+(?:himself|herself|themselves)",
    ),
    "coping": (
        rf"{_CANT}\s+cope",
        r"not\s+coping",
        r"struggling\s+to\s+cope",
        r"breaking\s+point",
        r"end\s+of\s+my\s+tether",
        rf"{_CANT}\s+(?:take|do)\s+(?:it|this)\s+any\s*more",
        rf"{_CANT}\s+go\s+on",
        r"wits['’]?\s+end",
        r"overwhelmed",
        r"how\s+much\s+more\s+(?:of\s+this\s+)?i\s+can\s+take",
        r"on\s+top\s+of\s+me",
        rf"{_CANT}\s+think\s+straight",
        r"end\s+of\s+my\s+(?:rope|tether)",
        r"desperate\b",
    ),
    "elderly_isolation": (
        r"(?:had|has|have|having)\s+(?:a|another)\s+fall",
        r"\bfell\s+(?:over|down|in|on|and)\b",
        r"(?:couldn['’]?t|could\s+not|can['’]?t)\s+get\s+up",
        r"housebound",
        r"went\s+down\s+in\s+the",
        r"lives?\s+on\s+(?:his|her|their|my)\s+own",
        r"(?:hasn['’]?t|has\s+not|haven['’]?t)\s+been\s+out\s+of\s+the\s+house",
        r"(?:keeps|keep)\s+forgetting",
        r"(?:on\s+the\s+floor|was\s+there|lying\s+there)\s+(?:all\s+night|for\s+hours)",
        r"leav(?:es|ing)\s+the\s+(?:gas|cooker|oven|hob)\s+on",
        r"dementia",
        r"alzheimer\w*",
        r"nobody\s+visits|no\s+one\s+visits",
        r"lonely|isolated",
        r"wander(?:s|ing)\s+off",
    ),
    "health": (
        r"terminal(?:ly)?\s+(?:ill\w*|cancer|diagnosis)",
        r"cancer",
        r"chemo\w*",
        r"dialysis",
        r"\bblind\b",
        r"partially\s+sighted",
        r"\bdeaf\b",
        r"hard\s+of\s+hearing",
        r"wheelchair",
        r"\bstroke\b",
        r"pregnan\w*",
        r"learning\s+(?:disabilit\w*|difficult\w*)",
        r"autis\w*",
        r"alcoholic",
        r"addict\w*",
        r"disab(?:led|ility|ilities)\b",
        r"long[\s-]?term\s+(?:illness|condition|sick)",
        r"hospital",
        r"seriously\s+ill|terminally\s+ill",
        r"oxygen",
    ),
    "capability": (
        rf"{_CANT}\s+read",
        r"english\s+(?:is\s*n['’]?t|is\s+not|not)\s+(?:good|very\s+good|great)",
        r"interpreter",
        r"not\s+(?:very\s+|too\s+|so\s+)?good\s+(?:with|at)\s+(?:reading|writing|forms)",
        r"english\s+(?:is\s+)?(?:not|isn['’]?t)\s+(?:so\s+|very\s+|too\s+)?good",
        r"speak\s+(?:more\s+)?slow(?:ly)?",
        r"translat\w*",
        r"dyslex\w*",
        rf"(?:{_DONT}|never)\s+(?:have|use|got)\s+(?:the\s+|a\s+)?(?:internet|computer|smartphone|email)",
        r"no\s+internet",
        rf"{_DONT}\s+understand\s+(?:english|forms|letters|any\s+of\s+(?:it|this|them))",
        r"(?:no\s+one|nobody)\s+to\s+help",
    ),
    "life_events": (
        r"lost\s+my\s+job",
        r"redundan\w*",
        r"(?:split|broken|broke)\s+up",
        r"separated",
        r"divorc\w*",
        rf"{_HESHE}['’]?s\s+left\s+me|left\s+me\s+with",
        r"(?:come|came|just|released)\s+(?:out\s+)?(?:of|from)\s+prison",
        r"care\s+leaver",
        r"leaving\s+care",
        r"relationship\s+breakdown",
    ),
    "safeguarding_child": (
        r"neglect\w*",
        r"child\s+protection",
        r"social\s+(?:worker|services)",
        r"(?:kids|children|child|baby)\s+(?:are\s+|is\s+)?(?:being\s+)?left\s+alone",
        r"bullied",
        r"crying\s+for\s+hours",
        r"nobody\s+(?:comes|answers|is\s+looking\s+after)",
        r"\babus(?:e|ed|ing)\b",
        r"left\s+(?:home\s+)?(?:alone|on\s+their\s+own)",
        r"worried\s+about\s+(?:the|my|those|her|his)\s+(?:kids|children|child|baby)",
    ),
    "exploitation": (
        r"scam\w*",
        r"victim\s+of\s+(?:a\s+)?fraud|defrauded",
        r"cuckoo\w*",
        r"took\s+my\s+passport",
        r"work\w*\s+for\s+no\s+money",
        r"modern\s+slavery",
        r"traffick\w*",
        r"financial\s+abuse",
        r"(?:is|are|keeps|been)\s+taking\s+my\s+(?:pension|money|benefits)",
        r"grooming",
        r"county\s+lines",
        r"(?:lads|men|people|they)\s+(?:have\s+|had\s+)?moved\s+in(?:to)?\s+(?:my|his|her)",
        r"pretend(?:ing|ed)?\s+to\s+be\s+(?:from\s+)?(?:the\s+)?(?:council|police|bank|hmrc)",
        r"took\s+£?\d[\d,]*\s+off\s+(?:my|his|her)",
        r"gives?\s+(?:him|them|her)\s+(?:all\s+)?(?:her|his|their)\s+(?:pension|money|benefits)",
    ),
    "explicit": (
        rf"{_IM}\s+(?:very\s+|really\s+)?vulnerable",
        r"safeguarding",
        r"welfare\s+check",
    ),
}
"""Marker category -> regex fragments (Rust and Python syntax; matched case-insensitively)."""


def _alternation(fragments: tuple[str, ...]) -> str:
    return "(?:" + "|".join(f"(?:{f})" for f in fragments) + ")"


def _category_pattern(category: str) -> str:
    return rf"(?i)\b{_alternation(LEXICON[category])}"


ALL_MARKERS_PATTERN = r"(?i)\b(?:" + "|".join(_alternation(f) for f in LEXICON.values()) + ")"
"""One regex matching any marker: what the vectorised flag runs."""

_COMPILED = {category: re.compile(_category_pattern(category)) for category in LEXICON}


def vulnerability_flag_expr(column: str) -> pl.Expr:
    """Boolean polars expression: True when ``column`` holds any safeguarding marker.

    Null text gives False, never null.
    """
    return pl.col(column).cast(pl.Utf8).str.contains(ALL_MARKERS_PATTERN).fill_null(False)


def find_markers(text: str | None) -> list[str]:
    """The marker categories that ``text`` matches, in lexicon order (for explaining a flag)."""
    if not text:
        return []
    return [category for category, pattern in _COMPILED.items() if pattern.search(text)]
