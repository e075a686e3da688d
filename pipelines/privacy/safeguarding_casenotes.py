"""Agent shorthand and case-note markers, and ordinary service phrases that are not disclosures.

Added for issue 14, on top of ``safeguarding_lexicon.LEXICON``:

- :data:`CASE_NOTE_MARKERS`: how agents and caseworkers write a disclosure ("cust disclosed DA",
  "vuln cust - PPM no credit", "MH issues", "signposted foodbank", "tearful", "struggling
  financially", "NFA, sofa surfing", "ref to MASH", "IDVA", "relapsed"...), and families of
  resident phrasings for categories the first lexicon lacked (substance misuse, pregnancy and
  a new baby, food poverty, cognitive impairment, carer strain).
- :data:`ORDINARY_PHRASES`: service phrases that share words with markers and are removed from
  the text before the markers are matched: a funeral director's booking, bereavement services,
  "end it, the direct debit", abuse of the bin store, "refuge collection", vulnerable road users,
  a house vulnerable to flooding, safeguarding training, a dead battery, a pregnant cat, a
  disabled bay, a mobility scooter kerb, "is this a scam?" (nothing paid), "NFA" meaning no
  further action...

Upper-case-only abbreviations (DA, DV, MH, PPM, NFA, IVA, ASC, OD) are matched case-sensitively
with ``(?-i:...)`` so "da Silva" or "ms" do not flag. Same syntax rules as the lexicon: Rust
``regex`` and Python ``re``, no look-around, no back-references.
"""

from __future__ import annotations

_CANT = r"(?:can['’]?t|cannot|can\s+not|unable\s+to|couldn['’]?t|could\s+not|not\s+able\s+to)"
_REF = (
    r"(?:ref(?:erred|erral)?|passed|alerted|informed|raised|concern\s+(?:passed|raised)|sp"
    r"|signposted|notified|reported)\s+(?:it\s+)?(?:to|with|w/)?\s*"
)

CASE_NOTE_MARKERS: dict[str, tuple[str, ...]] = {
    "domestic_abuse": (
        r"(?-i:\bD[AV]\b)",
        r"threat\w*\s+(?:me|us|her|him|them|my\s+\w+)\s+with\s+(?:a\s+)?(?:knife|knives|weapon|gun|bat"
        r"|hammer|machete|violence)",
        r"(?:disclosed|discl\.?|hx\s+of|history\s+of|victim\s+of|fleeing|experiencing|suffer\w*)"
        r"\s+(?:of\s+)?(?:dv|da|domestic)\b",
        r"\bmarac\b|\bidva\b|\bisva\b|sanctuary\s+scheme|safe\s+house|perpetrator",
        r"(?:controlling|violent|abusive)\s+(?:and|&)\s+(?:controlling|violent|abusive)",
        r"smash\w*\s+(?:\w+\s+){0,2}(?:door|window)s?\s+in\b",
        r"(?:too\s+)?(?:scared|afraid|frightened)\s+to\s+(?:report|call\s+the\s+police)",
        r"knows\s+where\s+(?:i|we|she)\s+(?:live|lives|am|are|is)",
        r"(?:ex|partner|he|she)\s+(?:\w+\s+){0,3}pretending\s+to\s+be\s+me",
        r"forced\s+entry\s+by\s+(?:the\s+)?(?:perp\w*|ex|partner)",
        r"(?:still\s+)?(?:got|has)\s+a\s+key\b.{0,60}\bcoming\s+round",
    ),
    "mental_health": (
        r"(?-i:\bMH\b)",
        r"\bmh\s+(?:issues|problems|concerns|team|crisis|condition|support|worker|nurse|hx)",
        r"tearful|\bcmht\b",
        r"not\s+in\s+a\s+(?:good|great|right)\s+(?:place|way|frame\s+of\s+mind)",
    ),
    "suicide_self_harm": (
        r"(?:took|taken|swallowed|had)\s+(?:a\s+load\s+of|loads\s+of|all\s+(?:my|his|her|the)"
        r"|a\s+bunch\s+of|too\s+many|some\s+of\s+(?:my|his|her))\s+(?:tablets|pills|meds|paracetamol)",
        r"(?:got|have|has)\s+(?:the|my|his|her)\s+(?:pills|tablets)\s+(?:here|ready|lined\s+up"
        r"|in\s+front|on\s+the\s+table)",
        r"(?:hurting|harming|hurt|harm)\s+(?:myself|himself|herself|themselves)",
        r"s/h\s+(?:thoughts|hx|history|risk|ideation|urges)|suicidal\s+ideation|(?-i:\bSI\b)",
        r"(?:not|won['’]?t|wont)\s+be\s+(?:around|here)\s+(?:after|much\s+longer|for\s+long|by|next)",
        r"planning\s+(?:to\s+not|not\s+to)\s+be\s+(?:around|here)",
        r"(?-i:\bOD(?:['’]?d)?\b)",
    ),
    "safeguarding_child": (
        r"(?:child|kid|boy|girl|toddler|son|daughter)s?\s*(?:\(\d+\)\s*)?(?:\w+\s+){0,2}(?:out|outside)"
        r"\s+(?:alone|on\s+(?:their|his|her)\s+own)\s+(?:at|after|till|until)\s+(?:night|midnight|\d)",
        r"\bmash\b|\bcp\s+plan|child\s+in\s+need|\bcin\s+plan|children['’]?s\s+services"
        r"|(?-i:\bLAC\b)|looked\s+after\s+child",
        r"(?:left|home)\s+alone\s+(?:all|for|overnight|at\s+night|every)",
        r"(?:keeps|kept|been|is|was)\s+going\s+missing|(?:mixed\s+up|involved)\s+(?:with|in)\s+(?:a\s+)?gangs?",
        r"(?:never|doesn['’]?t|don['’]?t|not)\s+(?:goes?|go|been|attending|in)\s+(?:to\s+)?school"
        r"(?:\s+since)?",
        r"(?:out|outside)\s+(?:till|until)\s+(?:midnight|late|\d)\b.{0,30}\bown",
        r"(?:always|keeps?)\s+(?:screaming|crying)|(?:shouting|screaming)\s+and\s+(?:banging|hitting)",
        r"older\s+boyfriend|looks?\s+(?:so\s+|really\s+|very\s+)?(?:thin|hungry|neglected|scared)",
        r"(?:children|kids)\s+sleep\s+on\s+the\s+floor|no\s+beds\b",
    ),
    "elderly_isolation": (
        rf"{_REF}(?:asc|adult\s+social\s+care|adult\s+safeguarding|social\s+services)\b",
        r"(?-i:\bASC\b)\s+(?:ref|referral|alerted|informed|involved|aware|concern)",
        r"(?:adult\s+social\s+care|social\s+services|adult\s+safeguarding)\s+(?:alerted|informed"
        r"|notified|involved|referral|ref|aware)",
        r"unable\s+to\s+get\s+up",
        r"welfare\s+concern",
        r"found\s+(?:\w+\s+){0,4}(?:on\s+(?:the\s+)?floor|outside\s+in\s+(?:her|his)\s+night\w*)",
        r"(?:in|outside\s+in)\s+(?:her|his|their)\s+night(?:wear|clothes|dress|ie)",
        r"left\s+in\s+bed\s+all\s+day|wet\s+pad|(?:carers?|agency)\s+(?:\w+\s+){0,2}not\s+turn\w*\s+up",
        r"(?:men|people|strangers|lads)\s+(?:going|coming)\s+in\s+and\s+out",
        r"(?:threaten\w*|intimidat\w*)\s+(?:\w+\s+){0,2}(?:by|for)\s+(?:her|his|the)?\s*(?:lodger|money)",
        r"(?:thought|thinks)\s+it\s+(?:was|is)\s+(?:19|20)\d\d",
        rf"{_CANT}\s+(?:give|remember|tell\s+me)\s+(?:her|his|their|my)?\s*(?:own\s+)?address",
        r"forg[oe]t\w*\s+what\s+(?:i|she|he)\s+(?:rang|called|phoned)",
        r"memory['’]?s?\s+(?:is\s+)?(?:not\s+what|going|gone|bad|terrible|problems|loss|issues)",
        r"memory\s+(?:problems|loss|issues)|brain\s+injury|\babi\b",
        rf"{_CANT}\s+manage\s+(?:the\s+)?(?:forms|paperwork|letters|bills|money)",
    ),
    "homelessness": (
        r"\bnfa\b.{0,40}\b(?:sofa|staying|sleeping|no\s+addr\w*|homeless|hostel|tent|rough|car)",
        r"(?:sofa|staying|sleeping|homeless|hostel|tent|rough)\b.{0,40}\bnfa\b",
        r"no\s+(?:fixed\s+)?addr(?:ess)?\s+to\s+give|no\s+fixed\s+addr\w*",
        r"staying\s+(?:in\s+)?different\s+places|living\s+in\s+(?:a\s+|the\s+|my\s+)?(?:tent|van|car)\b"
        r"|living\s+in\s+it\s+now",
        r"\bon\s+(?:my|a|his|her|their)\s+(?:\w+['’]s\s+)?(?:floor|sofa|couch|settee)\b",
        r"lost\s+(?:my|our|the|her|his)\s+(?:flat|house|home|tenancy|room|place)\b",
        r"street\s+outreach|rough\s+sleeper",
    ),
    "debt": (
        r"struggling\s+(?:financially|with\s+(?:money|bills|the\s+rent|debt)|to\s+(?:pay|manage"
        r"|make\s+ends|keep\s+up|afford))",
        r"(?:and|but|so|really)\s+struggling\b",
        r"behind\s+(?:on|with)\s+(?:\w+\s+){0,2}(?:ct|rent|council\s+tax|bills|payments)",
        r"(?-i:\bIVA\b)|debt\s+relief\s+order|bankrupt\w*|stepchange|debt\s+advice",
        r"(?:rent|bills?|council\s+tax)\s+on\s+(?:my\s+|the\s+)?credit\s+cards?",
        r"(?:work|hours|income|shifts)['’]?s?\s+(?:has\s+|have\s+|got\s+|been\s+)?(?:dried\s+up|cut)",
        r"(?:either\s+that|it['’]?s\s+that|its\s+that)\s+or\s+(?:food|feed|eat|heat)",
        r"no\s+food\s+(?:in|at)\s+(?:the\s+)?(?:house|home|property|flat)",
        r"(?:help|helps)\s+with\s+food\b|cupboards?\s+(?:are|is)\s+(?:bare|empty)|empty\s+cupboards",
        r"one\s+meal\s+a\s+day|soup\s+kitchen",
        rf"{_REF}(?:a\s+|the\s+)?food\s*bank",
        r"(?:free\s+(?:school\s+)?(?:dinners|meals|lunches))\s+(?:\w+\s+){0,2}(?:stopped|ended|finish\w*)",
        r"(?:how|if)\s+i['’]?m\s+going\s+to\s+(?:feed|pay|eat)",
        r"(?:benefits?|uc|universal\s+credit)\s+(?:\w+\s+){0,2}sanctioned|been\s+sanctioned",
    ),
    "fuel_poverty": (
        r"(?-i:\bPPM\b)",
        r"(?:sit|sat|sitting|living)\s+in\s+(?:the\s+)?dark|to\s+save\s+(?:on\s+)?(?:electric\w*|gas|energy)",
        rf"(?:{_CANT}|not)\s+afford\s+(?:to\s+\w+\s+)?(?:the\s+)?(?:gas|electric\w*|heating|energy)",
        r"heating\s+(?:not\s+(?:used|on)|off\s+to\s+save)",
        r"(?:flat|house|home|room|bedroom)\s+is\s+(?:very|really|too|always|freezing)\s+cold",
        r"(?:damp|cold)\s+(?:and|&)\s+(?:cold|damp)\s+in\s+(?:the\s+)?baby",
        r"warm\s+homes?\s+(?:advice|referral|team)",
    ),
    "carer": (
        r"carer\s+(?:breakdown|strain|stress|burn\s*out)|respite",
        r"no\s+longer\s+(?:able|coping)\s+to\s+(?:provide\s+)?care",
        r"on\s+my\s+knees|burn(?:t|ed)\s+out",
        r"(?:not|haven['’]?t|n['’]?t)\s+slept\b.{0,60}\b(?:looking\s+after|caring)",
        r"(?:being\s+a\s+carer|caring)\s+is\s+killing\s+me",
    ),
    "bereavement": (r"lost\s+(?:a|the|our|my|her|his)?\s*baby|miscarr\w*|stillb\w*",),
    "health": (
        r"(?:got|have|has|with|diagnosed\s+with)\s+(?-i:MS|MND)\b",
        rf"{_CANT}\s+walk\b",
        r"expecting\s+(?:a\s+baby|twins|triplets|(?:my|our|her)\s+(?:first|second|third|\w+th)\b)",
        r"gave\s+birth|born\s+prem\w*|\bnicu\b|health\s+visitor"
        r"|(?-i:\bHV\b)|just\s+had\s+(?:a\s+|the\s+|my\s+)?baby|weeks\s+pregnant",
    ),
    "substance_misuse": (
        r"drink(?:ing|s)?\s+(?:since|every\s+day|again|heavily|all\s+day|too\s+much)"
        r"|drunk\s+(?:every|all)\s+(?:day|night|the\s+time)",
        r"alcohol\s+(?:dependen\w*|problems?|issues|misuse|abuse)|(?:drug|drugs)\s+(?:and|&)\s+alcohol"
        r"|substance\s+misuse",
        r"(?:the|a)\s+drink\b.{0,40}\bproblem|problem\s+with\s+(?:the\s+)?(?:drink|drinking|alcohol"
        r"|drugs)|it['’]?s\s+the\s+drink",
        r"relapse\w*|using\s+again|stay(?:ing)?\s+clean|methadone|\bscript\b.{0,30}\bchemist",
        r"intoxicated|slurring",
        r"(?:using|taking|on)\s+(?:coke|cocaine|heroin|crack|spice|ketamine)",
        r"needles\s+(?:\w+\s+){0,2}found\s+in\s+(?:the\s+)?(?:property|flat|house)",
        r"spends\s+(?:all\s+)?(?:the\s+)?(?:rent|money)\s+(?:money\s+)?on\s+(?:it|drink|drugs|booze)",
    ),
    "exploitation": (
        r"(?:takes?|took|taking|stealing|steals|stole)\s+(?:\w+\s+)?money\s+(?:from|out\s+of)\s+(?:my|his|her)"
        r"\s+(?:purse|handbag|pension|benefits|savings)",
        r"(?:gave|give|given|entered|put\s+in|handed\s+over)\s+(?:them\s+|him\s+|her\s+)?(?:my|his|her)"
        r"\s+(?:card|bank)\s+(?:details|number)",
        r"£\s?\d[\d,]*\s+(?:has\s+)?(?:gone|taken|disappeared)\s+(?:from|out\s+of)\s+(?:my|his|her)",
        r"send(?:ing|s)?\s+money\s+to\s+(?:a|some|this)\s+(?:woman|man|person|someone)",
        r"(?:met|meet)\s+online\b.{0,40}\b(?:money|savings)|emptied\s+(?:his|her|my|their)\s+savings",
        r"took\s+over\s+(?:my|his|her|the)\s+(?:flat|house|home|place)|(?:sell|selling|sold)\s+drugs",
        r"no\s+wages|(?:makes?|made)\s+(?:her|him|me|them)\s+work\b",
        r"paid\s+(?:a|some|this)\s+(?:man|bloke|guy|woman|person|someone)\s+(?:on|off|via)\s+"
        r"(?:facebook|instagram|whatsapp|online|marketplace)",
        r"(?:sign|signed|hand|handed|give|gave)\s+(?:\w+\s+){0,2}(?:bank\s+)?cards?\s+over",
        r"(?:paid|gave|sent|transferred)\b.{0,40}\b(?:fake|fraud\w*)|(?:fake|fraud\w*)\b.{0,40}\bpaid",
    ),
    "explicit": (r"\bvuln\b",),
}

ORDINARY_PHRASES: tuple[str, ...] = (
    r"funeral\s+(?:directors?|parlou?r|home|cortege|procession|cars?)",
    r"(?:for|of)\s+(?:a\s+|the\s+)?funeral\s+on\b",
    r"bereavement\s+(?:services|team|office)|(?:register\w*|registrar)\s+(?:a\s+)?death",
    r"end(?:ing)?\s+it(?:\s+all)?\s*[,\-–:]+\s*(?:the\s+|my\s+)?(?:\w+\s+){0,3}(?:direct\s+debit|dd"
    r"|contract|subscription|agreement|tenancy|booking|account|membership|lease|permit|app)",
    r"end(?:ing)?\s+it(?:\s+all)?\s*,\s*the\s+\w+\s+i\s+mean",
    r"abuse\s+of\s+(?:the\s+)?(?:communal\s+)?(?:bin|parking|bays?|car\s+park|store|facilities"
    r"|system|process|the\s+\w+\s+store)\w*",
    r"refuge\s+(?:collection|bins?|sacks?|lorry|crew|round)",
    r"dementia[\s-]friendly",
    r"(?:drains?|roads?|sewers?|gutters?|system|website|bins?|pipes?)\s+(?:\w+\s+){0,2}"
    r"(?:cannot|can['’]?t)\s+cope",
    r"desperate\s+for\s+(?:the|a|my|our)\s+new\b",
    r"vulnerable\s+(?:road\s+users|to\s+(?:flood\w*|subsidence|storm\w*|damage|frost|vandalism"
    r"|theft|break[\s-]?ins?)|propert\w+|areas?|trees?|buildings?)",
    r"safeguarding\s+(?:training|polic(?:y|ies)|course|certificate|procedures?|checks?\s+for"
    r"\s+volunteers)",
    r"(?:thieves|burglars|offenders?|suspects?|driver|intruders?|youths)\s+fled",
    r"is\s+(?:this|it|that)\s+(?:a\s+)?(?:scam|genuine|real)\b(?:\s+or\s+(?:real|genuine|a\s+scam))?",
    r"(?:cat|dog|fox|rabbit|pet|vixen)['’]?s?\s+(?:is\s+)?pregnant|pregnant\s+(?:cat|dog|fox|vixen)",
    r"disabled\s+(?:parking\s+)?(?:bays?|badge|space|parking|toilets?|access)",
    r"(?:dropped\s+kerb|ramp)\s+for\s+(?:my|his|her|a)\s+mobility\s+scooter",
    r"(?:battery|batteries|phone|plants?|flowers?|grass|hedge|trees?|engine|lawn|bulbs?|fox|pigeon"
    r"|rat|badger|bird|basket|shrub|bush|bushe|seedling|veg|hedgerow)s?\s+(?:\w+\s+){0,6}"
    r"(?:died|dead|dying)",
    r"deceased['’]?s?\s+(?:property|estate|account)|late\s+\w+['’]s\s+(?:house|property|estate)",
    r"(?:centre|center|hall|library|office|school|church|building|shelter|changing\s+rooms?)\b"
    r"[^.]{0,30}\bfreezing",
    r"(?:i['’]?m|i\s+am|im|i\s+work\s+as|work\w*\s+as)\s+a\s+carer\s+(?:at|for|with)\s+(?:a|an|the)"
    r"\s+(?:local\s+)?(?:care|nursing|agency|company|home|\w+\s+(?:home|agency))",
    r"\bnfa\b\s*[,.;\-]?\s*(?:case\s+closed|closed|no\s+further)|no\s+further\s+action",
    r"no\s+(?:heating|heat)\s+(?:or|and|&|\+)\s+(?:no\s+)?hot\s+water|no\s+hot\s+water\s+(?:or|and|&|\+)"
    r"\s+(?:no\s+)?(?:heating|heat)",
    r"(?:discount|reduction|relief)\s+for\s+(?:a\s+)?disabled|disabled\s+(?:band\s+)?(?:reduction"
    r"|relief|persons?\s+(?:discount|reduction))",
    r"regist\w*\s+(?:my\s+|the\s+|a\s+|our\s+)?(?:baby['’]?s?\s+)?birth|birth\s+(?:cert\w*|registration)",
    # Round E (issue 14 false positives): objects, not people, and safeguarding as an office.
    r"(?:bins?|lids?|caddy|caddies|sacks?|bags?|crops?|plants?|garden|fence|shed|car|bikes?|wall)"
    r"\s+(?:are\s+|is\s+|being\s+)?vulnerable\s+to\b",
    r"over[\s-]?dos\w*\s+of\s+(?:the\s+)?(?:weed\s*killer|chlorine|fertili[sz]er|salt|grit|pesticide"
    r"|herbicide|bleach|chemicals?|feed|slug\s+pellets|round\s*up)",
    r"(?:i\s+|we\s+)?(?:work|works|working|am|is|based)\s+(?:in|for|with|at)\s+(?:the\s+|a\s+)?"
    r"(?:\w+\s+)?safeguarding\s+(?:team|department|dept|unit|hub|board|partnership|service)",
    r"safeguarding\s+(?:team|department|dept|unit|hub|board|partnership)\s*[,\-–(]+\s*"
    r"(?:adult|children['’]?s|\w+\s+council|please|re|for|invoice|business)\b",
    r"(?:dogs?|cats?|pupp(?:y|ies)|pets?|animals?|horses?|parrots?)\s+(?:\w+\s+){0,2}(?:is|are|being"
    r"|been|gets?)\s+left\s+(?:home\s+)?alone",
    r"no\s+gas\s+(?:lamps?|lights?|lanterns?|street\s*lights?|fixtures?|pipe)",
    r"(?:parking|traffic|civil|litter|environmental|noise|planning)\s+enforcement\s+officers?"
    r"|enforcement\s+officers?\s+(?:gave|issued|ticketed|put|left|never|didn['’]?t|did\s+not)\b",
    r"(?:can['’]?t|cannot|can\s+not)\s+afford\s+to\s+(?:wait|miss|lose\s+the\s+(?:booking|slot|date))",
    r"(?:fell|fallen|falling)\s+behind\s+(?:the\s+|on\s+the\s+)?(?:schedule|programme|timetable)",
    r"(?:can['’]?t|cannot|can\s+not)\s+cope\s+with\s+(?:the\s+)?(?:noise|smell|rubbish|traffic|parking"
    r"|mess|building\s+(?:work|site)|roadworks|seagulls|pigeons)\b",
    r"breaking\s+point\s+with\s+(?:the\s+)?(?:\w+['’]?\s+)?(?:rubbish|bins?|noise|parking|dog|mess)",
    r"(?:by|near|outside|behind|next\s+to|opposite|at)\s+the\s+homeless\s+(?:shelter|hostel|centre)"
    r"|homeless\s+(?:shelter|hostel|centre)(?:['’]s)?\s+(?:bins?|car\s+park|building|litter|rubbish)",
    r"scam\s+(?:warning|awareness|alert|poster|leaflet|advice)s?"
    r"|(?:is|was)\s+(?:this|it|that)\s+(?:\w+\s+){0,6}a\s+scam"
    r"|is\s+a\s+scam\s*[,.]\s*(?:reporting|i\s+(?:think|reported|deleted|ignored))",
    r"(?:hedge|garden|verge|play\s*area|park|playground|building|property|house|land|plot|allotment"
    r"|grave|path|pond|field|site|trees?|bushes|flower\s*beds?)s?\s+(?:is\s+|are\s+|looks?\s+|been\s+)?"
    r"(?:very\s+|so\s+)?neglected|neglected\s+(?:garden|hedge|verge|land|plot|allotment|building|property"
    r"|house|play\s*area|park|site|grave|trees?|flower\s*beds?)",
    r"threatened\s+with\s+(?:a\s+)?(?:fine|penalty|pcn|ticket|clamp\w*)",
    r"(?:dogs?|cats?|pets?|horses?|animals?)\s+(?:\w+\s+){0,2}(?:terrified|petrified|frightened|scared)"
    r"|(?:terrified|petrified)\s+(?:of|by)\s+(?:the\s+)?fireworks",
    r"bruised\s+(?:apples|fruit|pears|plums|veg\w*)",
    r"(?:smell|smells|smelling|stench|whiff)\s+of\s+(?:cannabis|weed|skunk)|(?:cannabis|weed|skunk)\s+smell\w*"
    r"|(?:people|youths|someone|lads)\s+(?:\w+\s+){0,2}smok\w*\s+(?:cannabis|weed|skunk)",
    r"social\s+services\s+(?:building|office|car\s+park|reception)|(?:i['’]?m|im|i\s+am|i\s+work\s+as)\s+a"
    r"\s+social\s+worker",
    r"detox\s+(?:tea|diet|drinks?|juices?|plan)",
    r"fled\s+(?:from\s+)?the\s+(?:rain|storm|weather|heat|cold|crowds?)",
    r"(?:kicked|thrown|chucked)\s+out\s+of\s+(?:the\s+)?(?:park|team|club|pub|shop|library|game|match"
    r"|group|class|league|chat|meeting|cinema|pool|gym)\b",
    r"evicted\s+from\s+(?:the|my|our)\s+(?:allotment|waiting\s+list|plot|stall|pitch|club|group|list)",
    r"(?:bailiff|debt|enforcement|court)\w*\s+letters?\s+(?:was\s+|were\s+|are\s+)?(?:addressed|sent|for)"
    r"\s+(?:to\s+)?(?:the\s+)?(?:previous|former|old)\s+(?:tenants?|occupants?|owners?|residents?)",
    r"danger\s+of\s+death",
    r"(?:fish|ducks?|birds?|swans?|geese|horses?|pigeons?)\s+(?:\w+\s+){0,2}starv\w*",
    r"(?:cars?|vehicles?|vans?|bikes?|sofas?|mattress\w*|trolley\w*|bags?|rubbish|fridges?)\s+(?:\w+\s+){0,2}"
    r"(?:has\s+been\s+|have\s+been\s+|been\s+|was\s+|is\s+)?left\s+(?:alone|on\s+(?:its|their)\s+own)",
    r"no\s+(?:electric\w*|power|gas|lights?)\s+(?:at|in|to)\s+(?:the\s+)?(?:allotment|pavilion|hall|community"
    r"|church|car\s+park|street\s*lights?|lamp|poles?|park|shed|garage|office|library|centre|school|pull\s+box)",
    r"(?:breaking\s+point|end\s+of\s+my\s+tether)\s+with\s+(?:the\s+)?(?:\w+['’]?\s+)?(?:roadworks|noise"
    r"|building\s+work|parking|traffic|bins?|rubbish)",
    r"older\s+(?:lads|boys|men)\s+(?:\w+\s+)?(?:racing|riding|revving)",
)
"""Ordinary service phrases removed before matching (case-insensitive, after a word boundary)."""
