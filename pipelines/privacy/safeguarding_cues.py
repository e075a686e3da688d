"""Broad cue words for disclosures, kept only where ordinary text almost never uses them.

Added after ``safeguarding_families`` for issue 14. Each cue is a word or short phrase that a
resident, agent or case note uses for a risk ("terrified", "worried sick", "night shelter",
"antidepressants", "8 months gone", "on the gear", "had enough of everything"), rather than a
whole sentence. Every cue was counted on ordinary text before it was kept: the sample
generator's non-safeguarding contacts, 10,003 Banking77 queries, 53,434 Boston 311 case titles
and closure notes, the dev ordinary rows and the ordinary traps written for this work; cues that
fired there were narrowed ("confused" only with "presents as", "gets", "and disorientated";
"don't remember" only about someone else) or guarded in :data:`CUE_ORDINARY` ("confused by the
new bin calendar", "hardship fund for businesses").

Same syntax rules as the lexicon: Rust ``regex`` and Python ``re``, no look-around.
"""

from __future__ import annotations

_CANT = r"(?:can['’]?t|cant|cannot|can\s+not|unable\s+to|couldn['’]?t|could\s+not)"
_SELF = r"(?:my|me|him|her|them)\s*sel(?:f|ves)"
_THEY = r"(?:she|he|mum|mam|mom|dad|nan|gran|grandad|they|husband|wife|father|mother)"
_FAM = (
    r"(?:mum|mam|mom|dad|husband|wife|partner|son|daughter|nan|gran|grandad|brother|sister|mother"
    r"|father|baby|boy|girl|child)"
)

BROAD_CUES: dict[str, tuple[str, ...]] = {
    "suicide_self_harm": (
        r"had\s+enough\s+of\s+(?:everything|life|it\s+all|living)",
        r"want\s+(?:it|everything)\s+(?:all\s+)?to\s+(?:stop|end)",
        r"(?:nobody|no\s+one|noone)\s+would\s+(?:miss|notice|care)",
        rf"do\s+something\s+(?:stupid\s+)?to\s+{_SELF}",
        r"hopeless|worthless|no\s+point\s+(?:any\s*more|in\s+anything)",
        r"tired\s+of\s+(?:it\s+all|everything|life)",
    ),
    "domestic_abuse": (
        r"threw\s+(?:a|the|his|her|my)\s+\w+\s+at\s+(?:me|her|him)",
        r"locks?\s+(?:me|her)\s+(?:in|out)\b|locked\s+(?:me|her)\s+in\b",
        r"(?:he|she)['’]?(?:ll|\s+will)\s+(?:find|kill|hurt|get|come\s+after)\s+(?:me|her|us|the)",
        r"goes\s+mad\b|terrified|petrified",
        r"intimidat\w*\s+(?:me|her|him|us)|(?:feel|felt)\s+intimidated",
        r"possessive|jealous",
        r"(?:keeps|kept)\s+(?:texting|messaging|calling|ringing|turning\s+up)\b",
        r"threatening\s+(?:messages|texts|calls)|threats\b",
        r"breach\w*\s+(?:his|her|the)\s+(?:bail|order|injunction)",
        r"opens\s+(?:all\s+)?(?:my|everything)",
    ),
    "safeguarding_child": (
        r"no\s+shoes|at\s+\d+\s*(?:pm|am)\s+most\s+nights",
        r"(?:raised|has|have|had|got|serious|welfare|safeguarding)\s+concerns?\s+(?:about|for|re"
        r"|regarding)\s+(?:the\s+|a\s+|her\s+|his\s+)?(?:child|children|kids|baby|son|daughter|girl"
        r"|boy)",
        r"child(?:ren)?\s+on\s+(?:a\s+)?(?:cp\s+|child\s+protection\s+)?plan|children['’]?s\s+home",
        r"smacking|smacks?\s+(?:her|his|the)\s+(?:kids|children|son|daughter)",
    ),
    "elderly_isolation": (
        r"(?:losing|lost|loses)\s+track",
        rf"{_THEY}\s+(?:\w+\s+)?(?:doesn['’]?t|didn['’]?t|can['’]?t|does\s+not|did\s+not)\s+"
        r"remember|(?:can['’]?t|cannot)\s+remember\s+(?:things|anything)",
        r"forg[eo]t(?:s|ten)?\s+(?:\w+\s+){0,2}(?:name|address|street|date|day|where|who)",
        r"what\s+day\s+it\s+(?:is|was)|disorientat\w*",
        r"(?:presents?\s+as|appears?|appeared|seem(?:s|ed)?|gets|getting|becomes?|becoming|easily"
        r"|increasingly|more)\s+(?:very\s+|so\s+)?confused|confused\s+and\s+(?:disorientat\w*"
        r"|forgetful|muddled|vulnerable|wandering|upset|distressed)",
        r"(?:unable\s+to|couldn['’]?t|could\s+not|can['’]?t)\s+follow\s+(?:the\s+)?(?:conversation"
        r"|what)",
        r"(?:treat|treats|treating|treated)\s+(?:him|her|them|me)\s+(?:badly|like\s+(?:dirt|a\s+slave"
        r"|a\s+servant))|worried\s+sick",
        r"bins?\s+not\s+(?:out|put\s+out|been\s+out)\s+for\s+weeks|lights\s+on\s+all\s+night",
        r"(?:nobody|no\s+one)\s+(?:to\s+talk\s+to|checks\s+on)|got\s+no\s+one\b",
    ),
    "debt": (
        r"hardship",
        r"(?:don['’]?t|dont|do\s+not)\s+know\s+where\s+to\s+turn|(?:debts?|owe|bills|letters)\b.{0,40}"
        r"\b(?:don['’]?t|dont)\s+know\s+where\s+to\s+start",
        r"owe\s+(?:about\s+|around\s+|over\s+|nearly\s+)?£\s?\d",
        rf"{_CANT}\s+cover\s+(?:the\s+)?(?:rent|bills|council\s+tax|mortgage)",
        r"payment\s+holiday|breathing\s+space",
        r"pawn(?:ed|ing|\s+shop|\s+my)|sold\s+(?:my|our)\s+(?:\w+\s+)?(?:tv|car|jewellery|ring"
        r"|furniture)",
        r"proper\s+meal|only\s+meal|last\s+of\s+the\s+(?:bread|food|milk|money)",
        r"meal\s+(?:every\s+other|a)\s+day",
    ),
    "fuel_poverty": (
        r"scared\s+of\s+the\s+(?:bill|bills|meter)|for\s+warmth|keep\s+the\s+lights\s+on",
        r"(?:meter|it)\s+(?:keeps\s+)?eat(?:s|ing)\s+(?:my|the|our)\s+money",
        r"heating\s+(?:off|down)\s+(?:completely|to\s+save|because|so)|turned\s+(?:the\s+)?heating\s+off",
    ),
    "homelessness": (
        r"kipping|night\s+shelter|sleeping\s+in\s+(?:the|a)\s+(?:bus|train)\s+station",
        r"thrown\s+(?:me|us|him|her)\s+out|(?:got|been|was|were|being)\s+thrown\s+out",
    ),
    "mental_health": (
        r"anti[\s-]?depressants?|low\s+mood|mentally\s+(?:ill|unwell|drained|exhausted|not)",
        r"hear(?:ing|s)?\s+(?:things|voices)|see(?:ing|s)?\s+things\s+(?:that|which)\s+(?:aren|are"
        r"\s+not|isn)",
        r"paranoi\w*|psychiatr\w*|counsell?ing|therapist",
    ),
    "health": (
        r"lost\s+(?:a|my|his|her)\s+(?:leg|arm|foot|sight|hearing)",
        r"amputee|walking\s+stick|\bfrail\b|bed\s*bound",
        rf"{_CANT}\s+(?:wash|dress|bathe|feed|toilet)\s+{_SELF}",
        r"\d+\s+months\s+(?:gone|pregnant)|\b\d{2}\s*wks\b|(?:is|she['’]?s)\s+\d+\s*(?:wks|weeks)\b",
        r"special\s+care\s+(?:unit|baby)|\bscbu\b|neonatal|midwife|antenatal|maternity\s+(?:ward|unit)",
    ),
    "substance_misuse": (
        r"(?:back\s+on|on)\s+the\s+gear|off\s+(?:his|her|my|their)\s+(?:face|head)\b",
        r"smok\w*\s+(?:weed|cannabis|skunk)|cannabis",
        r"\bsober\b|rehab\b|detox",
    ),
    "exploitation": (
        r"(?:paid|pay)\s+(?:him|them|her|the\s+man|the\s+men)\s+(?:\w+\s+)?up\s*front|fee\s+first",
        r"(?:keep|keeps|kept)\s+(?:coming\s+back|asking)\s+for\s+more\s+money",
        r"(?:man|men|bloke|someone)\s+at\s+the\s+door\b.{0,60}\b(?:paid|money|cash|contract|roof"
        r"|drive)",
        r"(?:has|have)\s+(?:\w+\s+)?disappeared\s+with|disappeared\s+(?:and|with)\s+(?:the|my|her|his)"
        r"\s+money",
    ),
    "bereavement": (rf"since\s+(?:my\s+|our\s+)?{_FAM}\s+(?:went|passed|died|left\s+us)\b",),
    "carer": (
        r"do\s+everything\s+for\s+(?:my|him|her)\b.{0,60}\b(?:worn\s+out|exhausted|shattered|too"
        r"\s+much|struggling)",
    ),
}
"""Category -> cue fragments, merged into ``LEXICON`` by ``safeguarding``."""

CUE_ORDINARY: tuple[str, ...] = (
    r"confused\s+(?:by|about|re|as\s+to|over|with|why|what|which|how|because|regarding)",
    r"hardship\s+(?:fund|grant|relief)s?\s+for\s+(?:businesses|business|traders|shops|companies)",
    r"(?:business|businesses|traders?)\s+hardship",
    r"(?:registrar|register\w*|registration)\b.{0,25}\bdeath|death\s+(?:registration|appointment|appt)",
    r"no\s+(?:gas|electric\w*|power)\s+(?:supply\s+)?to\s+(?:the|a|our)\s+(?:\w+\s+)?(?:cooker|light"
    r"|lamp|lights|building|block|communal|kitchen|unit|shop|site|garage|shed|hall|centre|column"
    r"|sign|signals?|charger|pump)",
    r"homeless(?:ness)?\s+(?:link|charity|charities|conference|forum|strategy|project)|(?:volunteer"
    r"|work|working)\s+(?:at|for|with)\s+(?:the|a)\s+homeless\s+(?:shelter|charity|project|hostel)",
    r"(?:verbal(?:ly)?\s+)?abus(?:e|ed)\s+(?:from|by)\s+(?:a|the)\s+(?:parking\s+)?(?:warden|attendant"
    r"|driver|officer|crew|staff|operative)",
    r"lost\s+my\s+job\s+(?:application|reference|number|sheet|card|pack)",
    r"safeguarding\s+(?:lead|officer|team|policy)\s+(?:contact|details|email|number)|(?:contact"
    r"|details|email|number)\s+(?:for|of)\s+(?:the\s+|your\s+)?safeguarding\s+(?:lead|officer|team)",
    r"(?:mental\s+health|domestic\s+abuse|safeguarding|suicide\s+prevention|dementia)\s+(?:first\s+"
    r"aid\s+)?(?:awareness\s+)?(?:course|training|workshop|webinar|session|talk)",
    r"(?:household\s+support|hardship)\s+fund\s+for\s+(?:my|a|our|the)\s+(?:business|shop|company)",
)
"""Ordinary phrases blanked before matching (same rules as ``ORDINARY_PHRASES``)."""
