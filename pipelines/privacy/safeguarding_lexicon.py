"""The safeguarding lexicon: marker category -> regular-expression fragments.

Kept apart from ``pipelines.privacy.safeguarding`` (which compiles and runs it) because it is
long and is the part people edit. Each fragment is written as a FAMILY of phrasings, not one
sentence:
"vulnerable" about anyone, crying or drowning or "too much", choosing between bills and food,
a meter or key that ran out, leaving care or prison, a partner who opens the post, children out
late with no adult, curtains not opened, saved-up tablets, a loan off a bloke who wants double.

Rules for fragments: they must run both in polars (Rust ``regex``: no look-around, no
back-references) and in Python's ``re``; they are matched case-insensitively after a word
boundary; a fragment that fires on ordinary council requests (the fixture's ordinary rows) or on
Banking77 needs a narrower form, not deletion, when it is the only route to a disclosure family.
"""

from __future__ import annotations

_CANT = r"(?:can['’]?t|cannot|can\s+not|unable\s+to)"
_DONT = r"(?:don['’]?t|do\s+not|dont)"
_IM = r"(?:i['’]?m|i\s+am|im)"
_HESHE = r"(?:he|she|they)"
_HESHE_IS = r"(?:he['’]?s|she['’]?s|they['’]?re|hes|shes|he\s+is|she\s+is)"
_FAMILY = (
    r"(?:mum|mam|mom|dad|mother|father|husband|wife|partner|son|daughter|child|baby|nan"
    r"|gran|grandmother|grandfather|grandad|brother|sister|boyfriend|girlfriend)"
)
_ABUSER = r"(?:partner|husband|wife|boyfriend|girlfriend|ex|son|daughter|he|she)"
_HIT = (
    r"(?:hit|hits|hitting|beat|beats|beating|punch\w*|kick\w*|strangl\w*|chok\w*|hurt\w*|attack\w*)"
)
_MEDS = r"(?:tablets|pills|meds|medication|medicine|insulin)"

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
        r"better\s+off\s+(?:if|when)\s+(?:i|he|she|they)\b.{0,20}\b(?:was|were)n['’]?t\s+(?:here|around)",
        r"(?:wish|wished)\s+(?:i|he|she)\s+(?:was|were)n['’]?t\s+(?:here|alive|around|born)",
        r"nothing\s+(?:left\s+)?to\s+live\s+for",
        r"(?:no\s+)?reason\s+to\s+(?:live|go\s+on|carry\s+on)",
        r"(?:texted|messaged|rang|called|phoned)\b.{0,40}\bgoodbye",
        r"jump\s+(?:off|from)\s+(?:the|a)\s+(?:bridge|building|roof|car\s+park)",
        rf"(?:saving|saved|stockpil\w*|hoard\w*|collecting|stash\w*)\s+(?:up\s+)?(?:all\s+)?(?:my|his|her)\s+{_MEDS}",
        rf"{_MEDS}\s+(?:all\s+)?(?:saved|stored|stashed|hidden|put\s+by)",
        r"no\s+point\s+(?:in\s+)?(?:going\s+on|living|carrying\s+on)",
        r"see\s+the\s+point\s+(?:any\s*more|in\s+(?:anything|living|going\s+on)|of\s+anything)",
        r"do\s+(?:anything|something)\s+(?:stupid|silly|daft)",
        r"not\s+worth\s+living",
        r"(?:cutting|burning|harming|to\s+hurt)\s+(?:myself|himself|herself|themselves)",
        r"(?:cutting|cuts\s+on)\s+(?:my|his|her|their)\s+(?:arms?|wrists?|legs?|thighs?)",
        r"hang\s+(?:myself|himself|herself)",
        r"(?:dark|suicidal)\s+thoughts|thoughts\s+of\s+(?:ending|killing|dying)",
        r"(?:tired|sick)\s+of\s+(?:living|being\s+alive)",
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
        r"controls\s+(?:everything|what\s+(?:i|she|he)|where\s+(?:i|she|he)|who\s+(?:i|she|he))",
        r"coercive",
        r"flee(?:ing)?\b|fled\b",
        r"\brefuge\b",
        r"non[\s-]?molestation",
        r"threaten\w*\s+(?:me|to\s+kill|to\s+hurt)",
        r"won['’]?t\s+let\s+me\s+(?:out|leave|see)",
        r"(?:not|n['’]?t)\s+(?:really\s+)?allowed\s+to\s+(?:talk\s+to|speak\s+to|go\s+out|leave\s+the"
        r"\s+house|see\s+(?:my|her|his)\s+(?:friends|family)|ring|contact|have\s+(?:money|a\s+phone))",
        r"push(?:es|ed|ing)?\s+(?:me|her|him|us)\s+(?:around|about)",
        r"bruis\w*|black\s+eye",
        r"walked\s+into\s+a\s+door",
        r"won['’]?t\s+give\s+(?:me|her)\s+(?:any\s+)?money",
        rf"police\s+on\s+(?:my|her|his)\s+{_ABUSER}",
        r"(?:scared|afraid|frightened|terrified)\s+to\s+(?:leave|go\s+home|tell)",
        r"(?:checks|goes\s+through|reads|opens|looks\s+through)\s+(?:all\s+)?(?:my|her)\s+(?:phone"
        r"|messages|texts|post|letters|mail|emails)",
        r"takes\s+(?:all\s+)?(?:my|her)\s+(?:bank\s+card|card|money|benefits)",
        rf"because\s+of\s+(?:her|my|his)\s+{_ABUSER}",
        r"(?:beats|hits|hurts)\s+me\b",
        r"\b(?:is|was|being|gets|got)\s+(?:violent|abusive)",
        r"(?:don['’]?t|do\s+not|never)\s+leave\s+(?:a\s+)?(?:voicemail|voice\s+mail|message)",
        r"(?:not|n['’]?t|never)\s+send\s+(?:any\s+)?(?:letters|post|mail)\s+to\s+(?:the|my)\s+(?:house|home)",
        rf"(?:ring|call|phone)\s+(?:me\s+)?back\b.{{0,25}}\b(?:when|while|once)\s+{_HESHE_IS}\s+"
        r"(?:out|gone|asleep|not\s+(?:in|here|home|around)|at\s+work)",
    ),
    "homelessness": (
        r"homeless\w*",
        r"sofa[\s-]?surf\w*",
        r"sleep(?:ing|s)?\s+rough",
        r"rough\s+sleep\w*",
        r"evictions?\b",
        r"evict(?:s|ing|ed)?\s+(?:me|us|him|her|them)\b",
        r"evicted(?:\s+(?:on|by|from|next|last|this|in|at|tomorrow|today|soon|because|for|unless"
        r"|if|with)\b|\s*[,.!?;]|\s*$)",
        r"section\s*21\b",
        r"notice\s+to\s+quit",
        r"nowhere\s+(?:to|else\s+to)\s+(?:live|go|stay|sleep)",
        r"(?:sleeping|living|staying)\s+(?:in\s+(?:my|the|a|our|his|her|their)\s+(?:car|van|park"
        r"|street|doorway|tent)|on\s+the\s+streets?)",
        r"los(?:e|ing)\s+(?:my|our|the)\s+(?:home|house|flat|tenancy)",
        r"(?:kick|kicked|kicking|thrown|chucked|turfed)\s+(?:me\s+|us\s+|him\s+|her\s+)?out\b",
        r"no\s+fixed\s+abode",
        r"(?:staying|sleeping|kipping)\s+on\s+(?:a|my|his|her|their)\s+(?:\w+['’]?s\s+)?"
        r"(?:sofa|couch|settee|floor)",
        r"changed\s+the\s+locks",
        r"all\s+in\s+one\s+room",
        r"nowhere\s+(?:lined\s+up|to\s+move\s+to)",
        r"doss(?:ing|ed)?\b",
        r"wants?\s+(?:us|me)\s+out\b",
        r"(?:have|has|got)\s+to\s+be\s+out\s+by",
        r"had\s+to\s+(?:leave|flee)\s+(?:home|the\s+house|the\s+flat)",
        r"possession\s+order",
        r"between\s+(?:places|addresses|homes|flats)",
        r"staying\s+(?:wherever|anywhere|with\s+(?:whoever|friends|mates))",
        r"\bhostel\b|temporary\s+accommodation|emergency\s+(?:housing|accommodation)",
        r"(?:stuck|placed|living|staying|put\s+(?:us|me))\s+in\s+(?:a\s+)?(?:b\s*&\s*b|bed\s+and\s+breakfast)\b",
    ),
    "debt": (
        r"bailiff\w*",
        r"enforcement\s+(?:agent|officer|company|agency)s?",
        r"(?:cho(?:ose|osing|se)|pick(?:ing)?|decid(?:e|ing))\s+between\b.{0,60}\b(?:food|eat\w*|heat\w*|feed\w*|meals?|kids)",
        r"(?:heat|heating)\s+or\s+eat|eat(?:ing)?\s+or\s+heat",
        r"owe[sd]?\s+(?:thousands|hundreds|loads)",
        r"owe\s+(?:money\s+)?(?:on|to)\s+(?:everything|everyone|everybody)",
        r"(?:until|till|til)\s+pay\s*day",
        rf"{_CANT}\s+(?:afford|pay)\b",
        r"\bin\s+(?:so\s+much\s+|a\s+lot\s+of\s+)?debt\b",
        r"debt\s+collect\w*",
        r"\bdebts\b",
        r"(?:rent|mortgage)\s+arrears",
        r"behind\s+(?:on|with)\s+(?:everything|the\s+rent|my\s+bills)",
        r"no\s+money\s+(?:left|at\s+all|for|till|until)",
        r"nothing\s+left\s+(?:after|for|once|till|until)",
        r"(?:using|use|used|rely\w*\s+on|need\w*|go(?:ing)?\s+to|went\s+to|been\s+to|referr\w*\s+to"
        r"|sent\s+(?:me\s+)?to)\s+(?:a\s+|the\s+)?food\s*bank",
        r"food\s*bank\s+(?:vouchers?|referrals?|parcels?)",
        r"skip(?:ping)?\s+meals",
        rf"{_CANT}\s+(?:make\s+ends\s+meet|feed)",
        r"nothing\s+to\s+eat",
        r"(?:haven['’]?t|not|hasn['’]?t)\s+eaten",
        r"loan\s*sharks?",
        r"borrow\w*\s+(?:\w+\s+){0,2}(?:off|from)\s+(?:a|some)\s+(?:bloke|man|guy|lad|fella|woman)",
        r"wants?\s+(?:double|treble|twice(?:\s+that)?)\s+back",
        rf"{_CANT}\s+face\s+(?:opening|reading|looking\s+at)",
        r"(?:letters|bills|post)\s+in\s+a\s+drawer",
        rf"{_CANT}\s+keep\s+up\s+(?:with\s+)?(?:the\s+)?(?:payments|bills|rent|instalments)",
    ),
    "fuel_poverty": (
        r"pre[\s-]?pay(?:ment)?\s+meter",
        # "no heating" alone is a repair request (a broken boiler); it needs money or a meter
        r"(?:no|without)\s+(?:gas|electric\w*|power)\b",
        r"(?:no|without)\s+(?:heating|heat)\b.{0,60}\b(?:afford|money|credit|top\s+up|meter|bills?"
        r"|cost)|(?:afford|money|credit|meter|bills?)\b.{0,60}\b(?:no|without)\s+(?:heating|heat)\b",
        rf"{_CANT}\s+(?:afford\s+to\s+)?(?:put|turn|have)\s+(?:the\s+)?heating\s+on",
        rf"{_CANT}\s+(?:afford\s+to\s+)?top\s+up\s+(?:the\s+|my\s+)?(?:heating|gas|electric\w*|meter|key)",
        r"key\s+meter",
        r"card\s+meter",
        r"(?:meter|key|electric\w*|gas|emergency\s+credit)(?:['’]s)?\s+(?:has\s+|had\s+|is\s+)?"
        r"(?:run|ran|running|gone)\s+out",
        r"(?:house|flat|home|room)\s+is\s+(?:so\s+|freezing\s+)?cold",
        r"hands\s+are\s+blue",
        r"no\s+credit\s+(?:for|on)\s+(?:the\s+)?(?:gas|electric\w*|meter)",
        r"(?:heating|gas|electric)['’]?s\s+off|(?:heating|gas|electric)\s+is\s+off",
        r"self[\s-]?disconnect\w*",
        r"\bfreezing\b",
        r"(?:gas|electric\w*|power|heating|water|supply)\s+(?:has\s+been\s+|was\s+|got\s+|is\s+)?cut\s+off",
        r"cut\s+off\s+(?:my|our|the)\s+(?:gas|electric\w*|power|supply|water|heating)",
        r"(?:sat|sitting|sit|living|there)\s+in\s+the\s+dark|dark\s+and\s+(?:the\s+)?cold"
        r"|cold\s+and\s+(?:the\s+)?dark",
        r"(?:sitting|sat|sleeping|slept|staying)\s+in\s+(?:our|my|their|his|her)\s+coats",
        r"(?:stopped|not|don['’]?t|can['’]?t\s+afford\s+to)\s+(?:using|use|put\w*\s+on|turn\w*\s+on)"
        r"\s+(?:the\s+)?(?:oven|cooker|heating|fire|heaters?|hot\s+water|lights)",
        r"(?:electric\w*|gas|credit|meter)\s+lasts?\b",
    ),
    "carer": (
        rf"carers?\s+(?:for|to)\s+(?:my|his|her|their|{_FAMILY})",
        # "my carer" alone is a carer visiting (ordinary, issue 14); "his carer" is the speaker
        rf"(?:his|her|their|{_FAMILY}['’]?s)\s+(?:main\s+|only\s+|full[\s-]?time\s+)?carer",
        r"my\s+(?:main|only|full[\s-]?time)\s+carer",
        r"(?:young|unpaid|full[\s-]?time|sole|main|family|only)\s+carers?",
        rf"{_IM}\s+(?:a|the|their|his|her)\s+carer",
        r"carer['’]?s\s+(?:allowance|assessment|credit|break|support)",
        r"caring\s+for",
        r"(?:to|for)\s+(?:his|her|their)\s+(?:hospital\s+)?appointments",
        rf"{_CANT}\s+go\s+out\s+(?:alone|on\s+(?:his|her|their)\s+own)",
        rf"care\s+for\s+my\s+(?:disabled\s+)?{_FAMILY}",
        rf"look(?:s|ing)?\s+after\s+(?:of\s+)?(?:my\s+|his\s+|her\s+)?{_FAMILY}",
        rf"(?:give|giving|gives|sort|sorting|manage|managing|do|doing)\s+(?:him|her|them)\s+(?:his|her|their)\s+{_MEDS}",
        r"(?:washing|dressing|bathing|feeding|toileting)\s*(?:,|and)\s*(?:washing|dressing|bathing"
        r"|feeding|toileting|the\s+lot)",
        r"do\s+everything\s+for\s+(?:him|her|them)",
    ),
    "bereavement": (
        r"passed\s+away",
        r"\bdied\b",
        r"\bdeath\b",
        r"bereave\w*",
        r"funeral",
        r"\bburied\b",
        rf"{_FAMILY}\s+passed\b",
        rf"(?:{_HESHE_IS}|since\s+(?:he|she|they))\s+passed(?:\s+(?:away|on)|\s*[,.;!]|\s*$)",
        r"widow\w*",
        rf"(?:just\s+)?lost\s+my\s+{_FAMILY}",
        rf"(?:my|his|her|our)\s+late\s+{_FAMILY}",
        r"deceased",
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
        r"psychos\w*|psychotic|paranoia|hallucinat\w*",
        r"\bocd\b",
        r"eating\s+disorder",
        r"sectioned",
        r"personality\s+disorder",
        r"agoraphob\w*",
        r"not\s+right\s+in\s+the\s+head",
        r"(?:my|his|her)\s+nerves",
        r"talking\s+to\s+(?:himself|herself|themselves)",
        r"(?:talk\w*|shout\w*|scream\w*)\s+(?:to|at)\s+(?:people|someone|things)\s+(?:who|that)\s+"
        r"(?:aren['’]?t|isn['’]?t|are\s+not|is\s+not)\s+there",
        r"hear(?:ing|s)?\s+voices",
        rf"(?:stopped|not|isn['’]?t|wasn['’]?t|won['’]?t)\s+tak(?:ing|en|e)\s+(?:his|her|their|my)\s+{_MEDS}",
        r"heads?['’]?s?\s+(?:is\s+)?(?:all\s+over\s+the\s+place|a\s+mess|not\s+right|gone)",
        r"in\s+a\s+(?:really\s+)?(?:bad|dark)\s+place",
    ),
    "coping": (
        rf"{_CANT}\s+cope",
        r"not\s+coping",
        r"struggling\s+to\s+cope",
        r"breaking\s+point",
        r"end\s+of\s+my\s+(?:tether|rope)",
        rf"{_CANT}\s+(?:take|do)\s+(?:it|this)\s+any\s*more",
        rf"{_CANT}\s+go\s+on",
        r"wits['’]?\s+end",
        r"how\s+much\s+more\s+(?:of\s+this\s+)?i\s+can\s+take",
        r"on\s+top\s+of\s+me",
        rf"{_CANT}\s+think\s+straight",
        r"desperate\b",
        r"drowning",
        r"crying(?:\s+(?:all|every|my|again|and|so|because|when|down|myself|non[\s-]?stop)\b|\s*[,.!?;]"
        r"|\s*$)|in\s+tears|sobbing",
        r"(?:it['’]?s|its|it\s+is|everything['’]?s|everything\s+is|this\s+is)\s+(?:just\s+)?(?:all\s+)?"
        r"(?:getting\s+)?too\s+much|too\s+much\s+for\s+me|all\s+too\s+much",
        r"holding\s+(?:it|myself|things)\s+together",
        r"(?:i['’]?m|im|i\s+am|life\s+is|everything\s+is)\s+falling\s+apart",
        rf"{_CANT}\s+keep\s+(?:up|going|on\s+top)",
        rf"{_DONT}\s+have\s+it\s+in\s+me",
        r"(?:stopped|(?:i['’]?m|im|she['’]?s|he['’]?s)\s+not)\s+answering\s+the\s+(?:door|phone)",
        r"(?:stopped|not|isn['’]?t|hasn['’]?t\s+been|haven['’]?t\s+been)\s+eating",
        r"struggling\s+(?:with\s+(?:everything|life)|myself|so\s+much|badly|a\s+lot)",
        r"something['’]?s\s+(?:got|going)\s+to\s+give",
    ),
    "elderly_isolation": (
        r"(?:had|has|have|having)\s+(?:a|another)\s+fall",
        rf"(?:i|he|she|they|{_FAMILY})\s+(?:just\s+|has\s+|had\s+|keeps\s+)?(?:fell|fallen|falling)\b",
        r"(?:couldn['’]?t|could\s+not|can['’]?t)\s+get\s+up",
        r"housebound",
        r"went\s+down\s+in\s+the",
        # not "my": "I live on my own" is how residents ask for the single person discount
        r"lives?\s+on\s+(?:his|her|their)\s+own",
        r"(?:hasn['’]?t|has\s+not|haven['’]?t)\s+been\s+out\s+of\s+the\s+house",
        r"(?:keeps|keep)\s+forgetting",
        r"(?:on\s+the\s+floor|was\s+there|lying\s+there|lay\s+there)\s+(?:all\s+night|for\s+hours"
        r"|till|until|overnight)",
        r"leav(?:es|ing)\s+the\s+(?:gas|cooker|oven|hob)\s+on",
        r"dementia",
        r"alzheimer\w*",
        r"nobody\s+visits|no\s+one\s+visits|only\s+visitor",
        r"lonely",
        r"wander(?:s|ing|ed)?\s+(?:off|out|about|around|the\s+streets)",
        r"curtains\s+(?:\w+\s+){0,2}(?:open|opened|closed|shut|drawn)",
        r"(?:haven['’]?t|not|nobody['’]?s|nobody\s+has|no\s+one['’]?s|no\s+one\s+has)\s+seen\s+(?:her|him"
        r"|them|(?:the|my|our)\s+(?:\w+\s+)?(?:old|elderly|neighbour|man|woman|lady|gentleman|mum|dad|nan))",
        r"(?:doesn['’]?t|don['’]?t|didn['’]?t)\s+(?:seem\s+to\s+)?know\s+where\s+(?:he|she|they|i)\s+"
        r"(?:is|are|was|am)",
        r"(?:don['’]?t|dont|never)\s+(?:really\s+)?(?:speak|talk)\s+to\s+(?:anyone|anybody|a\s+soul)",
        r"(?:[7-9]\d|10\d)\b.{0,30}\b(?:on\s+(?:her|his|their|my)\s+own|alone|by\s+(?:her|him|my)self)",
    ),
    "health": (
        r"terminal(?:ly)?\s+(?:ill\w*|cancer|diagnosis)",
        r"cancer",
        r"chemo\w*",
        r"dialysis",
        r"partially\s+sighted|visually\s+impaired|sight\s+loss",
        r"hard\s+of\s+hearing",
        # "wheelchair", "blind", "deaf" and "hospital" alone name a ramp, a bend, a course or a car
        # park as often as a person: the narrowed forms are in safeguarding_families
        r"walking\s+frame|zimmer|crutches|mobility\s+scooter",
        r"\bstroke\b",
        r"pregnan\w*",
        r"learning\s+(?:disabilit\w*|difficult\w*)",
        r"autis\w*",
        r"alcoholic",
        r"addict\w*",
        r"disab(?:led|ility|ilities)\b",
        r"long[\s-]?term\s+(?:illness|condition|sick)",
        r"seriously\s+ill|terminally\s+ill",
        r"oxygen",
        r"amputat\w*",
        r"multiple\s+sclerosis|ms\s+(?:has|is|got|flare\w*|diagnosis|nurse)\b|parkinson\w*|epilep\w*|\bcopd\b",
        r"diagnosed\s+with",
        r"(?:having|had|after|recovering\s+from|waiting\s+for|go\s+in\s+for)\s+(?:an?\s+|my\s+|his\s+"
        r"|her\s+)?(?:operation|surgery)",
        rf"{_CANT}\s+(?:get\s+(?:in|out\s+of)\s+the\s+(?:bath|shower|bed)|manage\s+the\s+stairs"
        r"|get\s+out\s+at\s+all|walk\s+(?:far|very\s+far|without|more\s+than|properly|unaided))",
    ),
    "capability": (
        rf"{_CANT}\s+read",
        r"english\s+(?:is\s*n['’]?t|is\s+not|not)\s+(?:good|very\s+good|great)",
        r"interpreter",
        r"not\s+(?:very\s+|too\s+|so\s+)?good\s+(?:with|at)\s+(?:reading|writing|forms|computers"
        r"|technology|the\s+internet)",
        r"english\s+(?:is\s+)?(?:not|isn['’]?t)\s+(?:so\s+|very\s+|too\s+)?good",
        r"speak\s+(?:more\s+)?slow(?:ly)?",
        r"translat\w*",
        r"dyslex\w*",
        rf"(?:{_DONT}|never|haven['’]?t|havent|not)\s+(?:have|use|used|got)\s+(?:the\s+|a\s+|an\s+|any\s+)?"
        r"(?:internet|computer|smart\s*phone|laptop|wi-?fi)",
        r"no\s+(?:internet|computer|smart\s*phone|laptop)\b",
        rf"{_CANT}\s+use\s+(?:a\s+|the\s+)?(?:computers?|internet|smart\s*phones?)",
        rf"{_DONT}\s+understand\s+(?:english|forms|letters|any\s+of\s+(?:it|this|them))",
        r"what\s+(?:the|this)\s+(?:letter|form|paper)\s+(?:says|means|wants)",
        r"(?:no\s+one|nobody)\s+to\s+help",
        r"learning\s+(?:disabilit\w*|difficult\w*)",
        r"support\s+worker",
        r"(?:always|used\s+to)\s+(?:did|do|done|dealt\s+with|sort\w*|handl\w*)\s+(?:all\s+)?(?:the|our)"
        r"\s+(?:bills|paperwork|money|finances|banking|forms)",
        rf"{_IM}\s+(?:completely|totally|so|really)\s+lost\b",
    ),
    "life_events": (
        r"lost\s+(?:my|his|her|our)\s+(?:job|income)",
        r"redundan\w*",
        r"(?:been|got)\s+(?:sacked|laid\s+off)",
        r"(?:split|broken|broke)\s+up",
        r"separated\s+(?:from|last|in|since|recently|now|after)|(?:recently|just|have|has|got|are|am"
        r"|i['’]?m|we['’]?re|we\s+are|i\s+am)\s+separated|separated\s*(?:$|[,.;])",
        r"divorc\w*",
        rf"{_HESHE}['’]?s\s+left\s+me|left\s+me\s+with",
        r"walked\s+out\b",
        r"(?:come|came|got|just|released|been)\s+(?:out\s+)?(?:of|from)\s+(?:prison|jail|custody)",
        r"(?:left|leaving|leave)\s+(?:prison|jail|care\b|foster)",
        r"care\s+leaver",
        r"foster\s+(?:care|home|placement)",
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
        r"(?:(?:is|are|being|been|gets?|always|she['’]?s|he['’]?s|they['’]?re|kids|children|child|baby"
        r"|toddler)|(?:kids|children|child|baby|toddler|girl|boy|she|he|they)\s+(?:\w+\s+){0,3}"
        r"(?:was|were))\s+left\s+(?:home\s+)?(?:alone|on\s+(?:their|her|his)\s+own)",
        r"worried\s+about\s+(?:the|my|those|her|his|their)\s+(?:kids|children|child|baby|grand\w+|son"
        r"|daughter|nephew|niece|step\w+)",
        r"(?:never|don['’]?t|dont|no)\s+see\s+(?:an?\s+|any\s+)?(?:adults?|grown[\s-]?ups?|parents?)\b",
        r"no\s+(?:adults?|grown[\s-]?ups?|parents?)\s+(?:around|about|there|in|at\s+home)",
        r"(?:asking|begging|knocking)\b.{0,30}\bfor\s+food|always\s+hungry",
        r"(?:older|grown)\s+(?:lads|men|man|boys|blokes|guys)",
        r"(?:cars?|vans?)\s+with\s+(?:older|grown|adult)",
        r"(?:man|men|boy|lad|bloke|stranger|someone|adult)\s+(?:\w+\s+)?(?:met|talks\s+to|chats\s+to)"
        r"\s+online",
        r"(?:asking\s+(?:her|him|them)\s+(?:for|to\s+send)|send(?:ing)?\s+(?:him|her)|sent\s+(?:him|her))"
        r"\s+(?:\w+\s+)?(?:pictures|photos|pics)|\bnudes\b|(?:indecent|naked)\s+(?:pictures|photos|images)",
        r"(?:teacher|school|nursery)\b.{0,60}\b(?:bruis\w*|injur\w*|hungry)",
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
        r"(?:takes|taking|took|taken)\s+(?:all\s+)?(?:my|his|her)\s+(?:pension|benefits)",
        r"got\s+hold\s+of\s+(?:my|his|her)\s+(?:bank\s+)?(?:card|pin|details|pension)",
        r"(?:don['’]?t|can['’]?t|scared\s+to|afraid\s+to)\s+(?:like\s+to\s+)?say\s+no",
        r"(?:being|been|was|were|is|getting)\s+groomed|grooming\s+(?:her|him|them|children|kids|young)",
        r"county\s+lines",
        r"(?:lads|men|people|they|friends|blokes)['’]?\s+(?:have\s+|had\s+|['’]ve\s+)?moved\s+in(?:to)?\b",
        r"(?:lads|men|people|blokes)\s+(?:have\s+been\s+|been\s+|are\s+)?(?:staying|living|hanging\s+around)"
        r"\s+(?:at|in)\s+(?:my|his|her)",
        # someone dealing from a named person's home (cuckooing), not "from the flat below"
        r"dealing\s+(?:drugs\s+)?(?:from|out\s+of)\s+(?:my|his|her|their|(?:\w+\s+)?\w+['’]s)\b",
        r"pretend(?:ing|ed)?\s+to\s+be\s+(?:from\s+)?(?:the\s+)?(?:council|police|bank|hmrc)",
        r"took\s+£?\d[\d,]*\s+off\s+(?:my|his|her)",
        r"gives?\s+(?:him|them|her)\s+(?:all\s+)?(?:her|his|their)\s+(?:pension|money|benefits)",
        r"gift\s+cards?|(?:itunes|amazon|google\s+play)\s+vouchers",
        r"(?:be|been|get|getting)\s+arrested\s+(?:if|unless)",
        r"(?:man|men|bloke|someone|lads?|builders?|traders?|woman|people)\s+(?:came|come|knocked|turned"
        r"\s+up)\s+(?:round|to\s+the\s+door|at\s+the\s+door|on\s+the\s+door)\s+(?:saying|offering|claiming)",
        r"paid\s+(?:him|them|her)\s+£?\d[\d,]*\s+(?:in\s+)?cash",
        r"rogue\s+trader\w*|doorstep\s+(?:crime|sellers?|scams?|traders?|callers?)"
        r"|cold[\s-]?call\w*\b.{0,40}\b(?:paid|money|cash|£|took|scam\w*|pressur\w*|conned)",
        r"tak(?:e|es|ing)\s+advantage\s+of\s+(?:him|her|them|me|my)",
    ),
    "explicit": (
        r"vulnerab\w*",
        r"safeguarding",
        r"welfare\s+check",
        r"priority\s+services?\s+register",
    ),
}
"""Marker category -> regex fragments (Rust and Python syntax; matched case-insensitively)."""
