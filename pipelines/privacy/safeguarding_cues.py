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
        r"(?:thought|thinking|think)\s+(?:about|of)\s+(?:taking\s+(?:all\s+)?(?:my|the)\s+(?:pills"
        r"|tablets)|ending|killing|hurting|jumping|hanging|overdos\w*)",
        r"(?:don['’]?t|can['’]?t|cannot|not)\s+see\s+(?:a|any)\s+future",
        r"talk\w*\s+about\s+(?:dying|killing\s+(?:him|her)self|ending\s+it|suicide|not\s+being\s+here)",
        r"walk\s+into\s+the\s+(?:sea|river|canal|traffic)|(?:step|jump|throw\w*\s+(?:my|him|her)self)"
        r"\s+in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|car|lorry)",
        r"better\s+(?:off\s+)?without\s+me\b",
        r"had\s+enough\s+of\s+(?:everything|life|it\s+all|living)",
        r"want\s+(?:it|everything)\s+(?:all\s+)?to\s+(?:stop|end)",
        r"(?:nobody|no\s+one|noone)\s+would\s+(?:miss|notice|care)",
        rf"do\s+something\s+(?:stupid\s+)?to\s+{_SELF}",
        r"hopeless|worthless|no\s+point\s+(?:any\s*more|in\s+anything)",
        r"tired\s+of\s+(?:it\s+all|everything|life)",
    ),
    "domestic_abuse": (
        r"(?:said|says|threatened)\s+(?:he|she)['’]?d\b.{0,40}\bif\s+i\s+(?:left|leave|went|told)",
        r"takes\s+(?:all\s+)?(?:my|her)\s+(?:wages|salary|pay|pension)|gives?\s+me\s+£\s?\d+\s+a\s+"
        r"(?:week|month)",
        r"(?:ex|he|she|partner|husband|boyfriend)\s+(?:\w+\s+){0,2}(?:sitting|waiting|watching|hanging"
        r"\s+around)\s+outside",
        r"injunction\s+(?:against|on)|(?:found|tracked\s+down|got)\s+(?:my|her|our)\s+new\s+address",
        r"if\s+i\s+(?:leave|go|tell)\b.{0,30}\b(?:he|she)['’]?(?:ll|\s+will)\b",
        r"(?:hands?|arms?)\s+(?:round|around)\s+(?:my|her)\s+(?:neck|throat)",
        r"\braped\b|rap(?:es|ing)\s+(?:me|her)|rape\s+(?:crisis|victim|survivor)",
        r"(?:seems?|seemed|looks?|looked|sounds?|sounded)\s+(?:really\s+|very\s+|so\s+)?(?:frightened"
        r"|scared|afraid|terrified)\b",
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
        r"(?:nobody|no\s*one)['’]?s\s+(?:watching|looking\s+after|supervising)|(?:unsupervised"
        r"|unattended)\s+(?:kids|children|child|toddler|baby)|(?:kids|children|child|toddler|baby)\s+"
        r"(?:\w+\s+){0,3}(?:unsupervised|unattended)",
        r"(?:boyfriend|girlfriend|man|men)\b.{0,40}\b(?:she['’]?s|he['’]?s|is|aged?)\s+1[0-5]\b",
        r"(?:marks|bruises|burns|cuts|welts)\s+on\s+(?:his|her|their)\s+(?:back|arms?|legs?|face|body"
        r"|neck)",
        r"\bbeg(?:ging)?\s+(?:from|for)|sent\s+out\s+to\s+beg",
        r"(?:staying|stays|stayed)\s+out\s+all\s+night|comes?\s+home\s+with\s+(?:cash|money|new"
        r"\s+(?:trainers|phones?|clothes))",
        r"(?:asked|asks|asking|begged|begging|knocked|knocking)\s+(?:me\s+|us\s+)?(?:\w+\s+){0,2}for"
        r"\s+(?:money\s+for\s+)?food|nothing\s+(?:to\s+eat\s+)?at\s+home",
        r"(?:kids|children|child|son|daughter|boy|girl)\s+(?:\w+\s+){0,2}locked\s+out",
        r"no\s+shoes|at\s+\d+\s*(?:pm|am)\s+most\s+nights",
        r"(?:raised|has|have|had|got|serious|welfare|safeguarding)\s+concerns?\s+(?:about|for|re"
        r"|regarding)\s+(?:the\s+|a\s+|her\s+|his\s+)?(?:child|children|kids|baby|son|daughter|girl"
        r"|boy)",
        r"child(?:ren)?\s+on\s+(?:a\s+)?(?:cp\s+|child\s+protection\s+)?plan|children['’]?s\s+home",
        r"smacking|smacks?\s+(?:her|his|the)\s+(?:kids|children|son|daughter)",
    ),
    "elderly_isolation": (
        r"(?:seen|lying|found|collapsed)\s+on\s+(?:the\s+)?floor",
        r"retain\s+information|asked\s+(?:the\s+)?same\s+(?:thing|question)",
        r"what\s+(?:year|month|time)\s+it\s+(?:is|was)",
        r"never\s+(?:pays?|paid|gives?|gave)\s+(?:it|them|him|her)\s+back",
        r"(?:unable\s+to|not|can['’]?t|cannot|struggl\w*\s+to)\s+(?:manage|cope\s+with|look\s+after)\s+"
        r"(?:daily\s+living|(?:him|her|them|my)sel(?:f|ves)|(?:on|by)\s+(?:his|her|their)\s+own)"
        r"|adult\s+services",
        r"giv(?:es|ing|en)\s+(?:all\s+)?(?:his|her|their)\s+(?:money|savings|pension|bank\s+card|card)"
        r"\s+(?:to|away)",
        r"without\s+(?:any\s+)?care\b|hospitali[sz]ed",
        r"(?:asking|asked|ask)\s+who\s+(?:i|you)\s+(?:was|were|am|are)|struggled\s+to\s+understand",
        r"(?:doesn['’]?t|didn['’]?t|does\s+not|not|can['’]?t)\s+recogni[sz]e\s+(?:me|us|her|him|his"
        r"|her\s+own)",
        r"confused\s+about\s+(?:where|who|what\s+day|the\s+date|the\s+time)",
        r"forg[eo]t\w*\s+to\s+(?:eat|take|turn\s+off|lock|drink)|leav\w*\s+the\s+taps?\s+(?:running"
        r"|on)",
        r"(?:losing|loses|kept\s+losing|keeps\s+losing)\s+track|lost\s+track\s+of\s+(?:time|the\s+days?"
        r"|what|where|who)",
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
        r"more\s+(?:going\s+out|outgoings?)\s+than\s+(?:coming\s+in|income)",
        r"sell(?:ing|s)?\s+(?:my|our|all\s+my)\s+(?:stuff|things|belongings|furniture)",
        r"(?:can['’]?t|cannot|not)\s+sleep(?:ing)?\b.{0,40}\b(?:worry|worried|letters|debts?|money|bills"
        r"|stress)|(?:letters|debts?|money|bills|worry)\b.{0,40}\b(?:can['’]?t|cannot)\s+sleep",
        r"more\s+than\s+(?:i|we)\s+can\s+(?:manage|afford|cope\s+with|pay)",
        r"(?:money|income|wages|benefits|pension)\s+(?:just\s+)?(?:doesn['’]?t|don['’]?t|does\s+not"
        r"|dont|won['’]?t)\s+cover\s+(?:the\s+)?(?:basics|essentials|everything|food)",
        r"going\s+without\s+(?:myself|ourselves)",
        r"(?:£\s?\d+|\w+\s+quid|\w+\s+pounds?)\s+(?:left\s+)?(?:for|to\s+last)\s+(?:the|a)\s+(?:month"
        r"|week|fortnight)|nothing\s+(?:left\s+)?after\s+(?:rent|bills|paying)",
        r"(?:cho(?:ose|osing|se)|pick(?:ing)?|decid(?:e|ing))\s+between\s+paying",
        r"owe\s+(?:them|him|her)\s+(?:double|twice|treble)|loan\s+company",
        r"(?:unable\s+to|can['’]?t|cannot|couldn['’]?t)\s+(?:meet|make|keep\s+up)\s+(?:the\s+|my\s+)?"
        r"(?:payments|instalments|repayments)|reduced\s+income",
        r"(?:money|income|wages|benefits|pension)\s+(?:just\s+)?(?:doesn['’]?t|does\s+not|dont"
        r"|won['’]?t|wont)\s+cover\s+(?:my|the|our)\s+(?:bills|rent|costs)",
        r"(?:help|struggl\w*|unable|can['’]?t|cannot)\s+(?:to\s+)?feed\s+(?:my|the|our)\s+(?:kids"
        r"|children|family|baby)",
        r"(?:kids|children|son|daughter|little\s+ones)\b.{0,25}\bhungry|bed\s+hungry",
        r"make\s+(?:our|my|the)\s+money\s+last|pantry",
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
        r"(?:wear|wearing|wore|sit\w*\s+in)\s+(?:our\s+|my\s+)?coats\s+(?:indoors|inside|in\s+the\s+house)",
        r"(?:heating|gas|electric\w*|energy)\s+(?:costs?|is)\s+(?:too\s+much|too\s+expensive|a\s+fortune)",
        r"(?:prepayment|pre[\s-]?pay|credit|top[\s-]?up)(?:['’]s)?\s+(?:has\s+|had\s+|is\s+)?(?:run|ran"
        r"|running|gone)\s+out",
        r"bed\b.{0,40}\b(?:keep|stay)\s+warm",
        r"(?:oven|cooker|kettle|hairdryer|candles)\s+(?:to|for)\s+(?:heat|warm|warmth|light)",
        r"scared\s+of\s+the\s+(?:bill|bills|meter)|for\s+warmth|keep\s+the\s+lights\s+on",
        r"(?:meter|it)\s+(?:keeps\s+)?eat(?:s|ing)\s+(?:my|the|our)\s+money",
        r"heating\s+(?:off|down)\s+(?:completely|to\s+save|because|so)|turned\s+(?:the\s+)?heating\s+off",
    ),
    "homelessness": (
        r"(?:sofa|couch|settee)[\s-]?hopp\w*",
        r"(?:given|gave)\s+(?:me|us)\s+(?:\w+\s+){0,3}to\s+(?:get\s+out|leave|move\s+out|vacate)",
        r"(?:hotel|b\s*&\s*b|bed\s+and\s+breakfast)\s+(?:\w+\s+){0,3}(?:put|placed)\s+(?:us|me)|(?:put"
        r"|placed)\s+(?:us|me)\s+in\s+(?:a\s+)?hotel",
        r"told\s+to\s+(?:leave|get\s+out\s+of|move\s+out\s+of)\s+(?:our|my|the)\s+(?:flat|house|home"
        r"|room)",
        r"(?:got|have|has|with)\s+nowhere\s*(?:tonight|to\s|$|[,.])|nowhere\s+(?:tonight|for\s+tonight)",
        r"sleeping\s+(?:in|on)\s+(?:a|the|my|our|his|her)\s+(?:\w+['’]s\s+)?(?:shed|garage|stairwell"
        r"|floor|car|van|sofa)",
        r"told\s+(?:me|us)\s+to\s+(?:get\s+out|leave|go)\b(?:\s*$|\s*[,.!]|\s+(?:of\s+the\s+house|now"
        r"|tonight|today))",
        r"kipping|night\s+shelter|sleeping\s+in\s+(?:the|a)\s+(?:bus|train)\s+station",
        r"thrown\s+(?:me|us|him|her)\s+out|(?:got|been|was|were|being)\s+thrown\s+out",
    ),
    "mental_health": (
        r"won['’]?t\s+leave\s+(?:his|her|their)\s+(?:room|bed|flat|house)",
        r"watching\s+(?:him|her|me|them)\s+through|(?:think|thinks|believes?)\s+(?:people|they"
        r"|someone|the\s+neighbours)\s+(?:are|is)\s+(?:watching|following|poisoning|spying|listening)",
        r"anti[\s-]?depressants?|low\s+mood|mentally\s+(?:ill|unwell|drained|exhausted|not)",
        r"hear(?:ing|s)?\s+(?:things|voices)|see(?:ing|s)?\s+things\s+(?:that|which)\s+(?:aren|are"
        r"\s+not|isn)",
        r"paranoia|(?:he['’]?s|she['’]?s|he\s+is|she\s+is|getting|becoming|very)\s+paranoid"
        r"|psychiatr\w*|counsell?ing|therapist",
    ),
    "health": (
        r"down['’]?s\s+syndrome|cerebral\s+palsy|spina\s+bifida",
        r"expecting\s+(?:in|this|next)\s+(?:the\s+)?(?:spring|summer|autumn|winter|january|february"
        r"|march|april|may|june|july|august|september|october|november|december)",
        r"heart\s+(?:condition|failure|problems?|disease)|motor\s+neuron\w*|\bmnd\b|fibromyalgia"
        r"|chronic\s+(?:pain|fatigue|illness)|in\s+agony|\blupus\b|crohn\w*",
        r"\d+\s*(?:week|wk|day|month)s?[\s-]old\s+(?:baby|newborn|twins)",
        r"(?:i['’]?m|im|she['’]?s|cust\s+(?:is\s+)?)\s+due\s+in\s+(?:\w+\s+)?(?:weeks?|months?|days)",
        r"lost\s+(?:a|my|his|her)\s+(?:leg|arm|foot|sight|hearing)",
        r"amputee|walking\s+stick|\bfrail\b|bed\s*bound",
        rf"{_CANT}\s+(?:wash|dress|bathe|feed|toilet)\s+{_SELF}",
        r"\d+\s+months\s+(?:gone|pregnant)|\b\d{2}\s*wks\b|(?:is|she['’]?s)\s+\d+\s*(?:wks|weeks)\b",
        r"special\s+care\s+(?:unit|baby)|\bscbu\b|neonatal|midwife|antenatal|maternity\s+(?:ward|unit)",
    ),
    "substance_misuse": (
        r"(?:owes?|owed|owing)\s+(?:\w+\s+){0,2}dealers?",
        r"(?:bottles?|cans?|litres?)\s+of\s+(?:\w+\s+)?(?:vodka|wine|cider|beer|whisky|spirits|lager)\s+"
        r"(?:a|every|each)\s+(?:day|night)",
        r"(?:owes?|owed|owing)\s+(?:money\s+)?(?:to\s+)?(?:the\s+|some\s+)?dealers?|drug\s+debt"
        r"|(?:using|taking)\s+drugs",
        r"(?:back\s+on|on)\s+the\s+gear|off\s+(?:his|her|my|their)\s+(?:face|head)\b",
        r"smok\w*\s+(?:weed|cannabis|skunk)|cannabis",
        r"\bsober\b|rehab\b|detox",
    ),
    "exploitation": (
        r"(?:took|take|taken|got|get)\s+(?:control|remote\s+access)\s+(?:of|to)\s+(?:my|his|her)\s+"
        r"(?:computer|laptop|phone|pc)|money['’]?s\s+gone|money\s+(?:has\s+)?gone\s+from",
        r"work\s+(?:that\s+)?(?:isn['’]?t|wasn['’]?t|never)\s+(?:done|finished)|paying\s+(?:\w+\s+){0,4}"
        r"(?:hundreds|thousands)\s+(?:every|a)\s+(?:week|month)",
        r"(?:taken|take|taking)\s+over\s+(?:my|his|her|the)\s+(?:flat|house|home|place)",
        r"tricked|duped|(?:conned|fooled)\s+into",
        r"(?:pretend\w*|claim\w*|saying|said)\s+(?:to\s+be|he\s+was|she\s+was|it\s+was)\s+(?:my|his|her)"
        r"\s+(?:son|daughter|grandson|granddaughter|nephew|niece)",
        r"(?:paid|pay|sent)\s+(?:a\s+)?(?:deposit|fee|money)\s+to\s+(?:a|some|this)\s+(?:man|woman|person"
        r"|bloke|guy|someone)",
        r"taken\s+in\s+by|fake\s+(?:charity|charities)",
        r"(?:using|use|used)\s+(?:my\s+|his\s+|her\s+)?(?:\w+['’]s\s+)?(?:flat|house|home|place)\s+as\s+a"
        r"\s+base",
        r"persuaded\s+(?:\w+\s+)?(?:to\s+)?(?:pay|sign|buy|hand)|pressur\w*\s+(?:into|to)\s+(?:pay\w*"
        r"|sign\w*|buy\w*)",
        r"(?:someone|somebody|they|he|she|scammers?)\s+(?:has\s+|have\s+)?(?:got|gained\s+access)\s+"
        r"into\s+(?:my|his|her)\s+(?:online\s+)?(?:bank\w*|account)",
        r"pays?\s+whatever\s+(?:he|she|they)\s+(?:says|asks|wants)",
        r"(?:her|his|their|mum['’]?s|dad['’]?s|nan['’]?s)\s+(?:\w+\s+)?money\s+(?:is|has\s+been|keeps)"
        r"\s+(?:going\s+)?missing|money\s+(?:keeps\s+)?going\s+missing|and\s+money\s+is\s+missing",
        r"(?:paid|pay)\s+(?:him|them|her|the\s+man|the\s+men)\s+(?:\w+\s+)?up\s*front|fee\s+first",
        r"(?:keep|keeps|kept)\s+(?:coming\s+back|asking)\s+for\s+more\s+money",
        r"(?:man|men|bloke|someone)\s+at\s+the\s+door\b.{0,60}\b(?:paid|money|cash|contract|roof"
        r"|drive)",
        r"(?:has|have)\s+(?:\w+\s+)?disappeared\s+with|disappeared\s+(?:and|with)\s+(?:the|my|her|his)"
        r"\s+money",
    ),
    "bereavement": (
        r"bur(?:y|ying)\s+(?:my|our|his|her)\b",
        r"(?:son|daughter|husband|wife|partner|mum|dad|brother|sister|child)\s+(?:was|were|got)\s+killed",
        r"griev\w*|\bgrief\b",
        rf"since\s+(?:my\s+|our\s+)?{_FAM}\s+(?:went|passed|died|left\s+us)\b",
    ),
    "carer": (
        r"do\s+everything\s+for\s+(?:my|him|her)\b.{0,60}\b(?:worn\s+out|exhausted|shattered|too"
        r"\s+much|struggling)",
    ),
}
"""Category -> cue fragments, merged into ``LEXICON`` by ``safeguarding``."""

CUE_ORDINARY: tuple[str, ...] = (
    r"no\s+(?:gas|electric\w*|power)\s+supply\s+(?:yet\s+)?(?:to|at|for)\s+the\s+new",
    r"(?:who\s+is\s+the\s+)?safeguarding\s+(?:officer|lead)\s+(?:for|at)\s+(?:the|a|our)\s+(?:leisure"
    r"|library|school|club|centre|council|holiday|football|church|nursery)",
    r"vulnerable\s+road\s+users?|death\s+notices?",
    r"desperate\s+for\s+(?:the\s+|a\s+)?(?:toilet|loo|wee|bathroom)",
    r"(?:mental\s+health|dementia|suicide\s+prevention)\s+(?:walk|event|day|charity|festival"
    r"|fundraiser|cafe|café|choir)",
    r"young\s+carers['’]?\s+(?:group|club|project|service|centre)",
    r"refuge\s+(?:bags?|vehicles?|trucks?)",
    r"(?:i['’]?m|i\s+am|im|as)\s+a\s+support\s+worker",
    r"scam\s+(?:websites?|sites?|adverts?|ads)\b",
    r"confused\s+(?:by|re|as\s+to|over|with|why|what|which|how|because|regarding|about\s+(?:the|my"
    r"|your|this|our|how|why|which))",
    r"end(?:ing)?\s+it\s+(?:early|now|today|asap|please)\s*[,\-–:]",
    r"no\s+(?:gas|electric\w*)\s+(?:meter\s+)?(?:readings?|smell|leak)",
    r"no\s+(?:gas|electric\w*|power|heating)\s+(?:in|at)\s+the\s+(?:community|church|village|sports"
    r"|school|library|leisure|office|hall|centre|shop|building|block|communal|stairwell|corridor|lift)",
    r"passed\s+(?:his|her|their|my)\s+(?:driving\s+)?(?:test|exams?|theory|mot|inspection|gcses?"
    r"|a[\s-]?levels?|course)",
    r"(?:donat\w*|volunteer\w*|giv\w*)\s+(?:\w+\s+){0,3}(?:to|at|for|with)\s+(?:the\s+|a\s+)?homeless"
    r"\s+(?:shelter|charity|hostel|project)",
    r"(?:bins?|bays?|facilities|car\s+park|recycling|system|permits?)\s+(?:are|is|being|get|was|were)"
    r"\s+(?:being\s+)?abused",
    r"vulnerable\s+adults?\s+team\s+(?:phone|number|email|contact|address|opening)",
    r"pregnan\w*\s+(?:women|mums|mothers)['’]?s?\s+(?:\w+\s+)?(?:class|classes|group|session|yoga"
    r"|swim\w*|exercise)|(?:antenatal|pregnancy|maternity)\s+(?:class|classes|yoga|group|leave|pay)",
    r"desperate\s+(?:for|to\s+get)\s+(?:an?\s+)?(?:answer|reply|response|update|decision)",
    r"(?:estate|village|area|street|road|town|community)\s+(?:feels?|is|seems?)\s+(?:very\s+|so\s+)?"
    r"isolated",
    r"(?:fell|fallen|falling)\s+behind\s+(?:with|on)\s+(?:my\s+|the\s+)?(?:library|books|homework"
    r"|reading|recycling|garden)",
    r"scam\s+(?:letters?|emails?|texts?|calls?|websites?|sites?|mail)\s+(?:about|re|regarding|going"
    r"\s+round|are|pretending)",
    r"bereavement\s+(?:suite|service|officer)",
    r"foster\s+carers?\b",
    r"social\s+workers?['’]?s?\s+(?:parking|permits?|car|visitor)",
    r"community\s+(?:fridge|pantry|larder)\s+(?:volunteers?|staff|opening|hours|location|donations?)",
    r"hardship\b.{0,40}\bbusiness\s+rates|business\s+rates\b.{0,40}\bhardship",
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
