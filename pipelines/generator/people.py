"""Fake residents and the personal data they write into their contacts.

Every value is made up from a seeded random generator. Phone numbers, emails, postcodes and
National Insurance numbers have realistic shapes (so redaction has real work to do) but are
random: they may coincide with real ones, so never use them to contact anyone.

Names only ever appear in contexts a redactor can recognise: "my name is First Last",
"this is First Last", a title with a surname ("Mrs Patel", "Mr D Okafor") or an email sign-off
("Kind regards" on its own line, then "First Last").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

FIRST_NAMES = (
    "Sarah",
    "James",
    "Aisha",
    "Mohammed",
    "Emma",
    "Oliver",
    "Priya",
    "Daniel",
    "Chloe",
    "Tomasz",
    "Grace",
    "Kwame",
    "Sophie",
    "Liam",
    "Fatima",
    "Hannah",
    "Connor",
    "Amelia",
    "Yusuf",
    "Bethany",
    "Callum",
    "Zainab",
    "Rebecca",
    "Jamal",
    "Megan",
    "Gareth",
    "Niamh",
    "Marek",
    "Olivia",
    "Harjit",
    "Lauren",
    "Dylan",
    "Agnieszka",
    "Imran",
    "Shannon",
    "Kieran",
    "Ngozi",
    "Rhiannon",
    "Samuel",
    "Leanne",
    "Declan",
    "Maryam",
    "Joanne",
    "Ravi",
    "Kirsty",
)
SURNAMES = (
    "Ahmed",
    "Patel",
    "Okafor",
    "Nowak",
    "Thompson",
    "Robinson",
    "Walsh",
    "Hughes",
    "Evans",
    "Davies",
    "Jenkins",
    "McDonald",
    "Kowalski",
    "Mensah",
    "Begum",
    "Hussain",
    "Clarke",
    "Harrison",
    "Fletcher",
    "Turner",
    "Cooper",
    "Edwards",
    "Morgan",
    "Gallagher",
    "Sharma",
    "Fitzgerald",
    "Adeyemi",
    "Wilkinson",
    "Campbell",
    "Richardson",
    "Lewandowski",
    "Chaudhry",
    "Pritchard",
    "Murphy",
    "Stevenson",
    "Iqbal",
    "Whitfield",
    "Osei",
    "Kaczmarek",
    "Barnes",
)
EMAIL_DOMAINS = (
    "gmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "yahoo.co.uk",
    "btinternet.com",
    "icloud.com",
    "live.co.uk",
)
AREA_CODES = ("0113", "0114", "0115", "0116", "0117", "0121", "0151", "0161", "01632", "020")
OUTWARD_CODES = (
    "NM1",
    "NM2",
    "NM3",
    "NM4",
    "NM5",
    "NM6",
    "NM7",
    "NM8",
    "NM9",
    "NM10",
    "NM11",
    "NM12",
    "NM14",
    "NM15",
    "NM16",
    "NM18",
    "NM21",
    "NM23",
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NI_PREFIXES = tuple(
    a + b
    for a in NI_FIRST
    for b in NI_SECOND
    if a + b not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
)
REG_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
REG_AGES = ("15", "16", "18", "19", "21", "23", "65", "68", "70", "72")


@dataclass(frozen=True)
class Resident:
    """One made-up resident: the identifiers each source system knows them by."""

    number: int
    title: str
    first: str
    last: str
    mobile: str  # national digits, e.g. 07912345678
    landline: str | None  # written with spaces, e.g. 0161 496 0123
    email: str
    postcode: str
    account_ref: str  # council tax account, 9 digits
    customer_ref: str  # CRM customer account
    visitor_id: str  # webchat cookie id
    ni_number: str
    vehicle_reg: str


class Population:
    """A seeded population of residents, drawn all at once (numpy) and built on demand."""

    def __init__(self, size: int, seed: int) -> None:
        rng = np.random.default_rng([seed, 20_240_401])
        self.size = size
        draw = {
            "first": rng.integers(0, len(FIRST_NAMES), size),
            "last": rng.integers(0, len(SURNAMES), size),
            "title": rng.choice(5, size, p=[0.4, 0.3, 0.15, 0.12, 0.03]),
            "mobile_block": rng.integers(400, 1000, size),
            "landline": rng.random(size) < 0.25,
            "area": rng.integers(0, len(AREA_CODES), size),
            "local": rng.integers(0, 10_000, size),
            "email_style": rng.integers(0, 3, size),
            "sep": rng.integers(0, 3, size),
            "email_number": np.where(rng.random(size) < 0.6, rng.integers(1, 100, size), 0),
            "domain": rng.integers(0, len(EMAIL_DOMAINS), size),
            "outward": rng.integers(0, len(OUTWARD_CODES), size),
            "inward": rng.integers(0, 9 * 400, size),
            "ni_prefix": rng.integers(0, len(NI_PREFIXES), size),
            "ni_digits": rng.integers(0, 1_000_000, size),
            "ni_suffix": rng.integers(0, 4, size),
            "reg": rng.integers(0, len(REG_LETTERS) ** 5, size),
            "reg_age": rng.integers(0, len(REG_AGES), size),
            "visitor": rng.integers(0, 2**40, size),
        }
        self._draw = {k: v.tolist() for k, v in draw.items()}
        self._cache: dict[int, Resident] = {}

    def get(self, number: int) -> Resident:
        if number not in self._cache:
            self._cache[number] = self._make(number)
        return self._cache[number]

    def _make(self, n: int) -> Resident:
        d = {k: v[n] for k, v in self._draw.items()}
        first, last = FIRST_NAMES[d["first"]], SURNAMES[d["last"]]
        # Unique per resident: a block prefix plus the resident number scrambled.
        mobile = f"07{d['mobile_block']}{(n * 7919 + 104729) % 1_000_000:06d}"
        landline = None
        if d["landline"]:
            area, local = AREA_CODES[d["area"]], f"{d['local']:04d}"
            landline = {"020": f"020 7946 {local}", "01632": f"01632 96{local}"}.get(
                area, f"{area} 496 {local}"
            )
        sep = (".", "", "_")[d["sep"]]
        local_part = (f"{first}{sep}{last}", f"{first[0]}{sep}{last}", f"{last}{first[0]}")[
            d["email_style"]
        ]
        if d["email_number"]:
            local_part += str(d["email_number"])
        inward = d["inward"]
        postcode = (
            f"{OUTWARD_CODES[d['outward']]} {inward // 400 + 1}"
            f"{INWARD_LETTERS[inward // 20 % 20]}{INWARD_LETTERS[inward % 20]}"
        )
        r, k = d["reg"], len(REG_LETTERS)
        letters = "".join(REG_LETTERS[r // k**i % k] for i in range(5))
        return Resident(
            number=n,
            title=("Mr", "Mrs", "Ms", "Miss", "Dr")[d["title"]],
            first=first,
            last=last,
            mobile=mobile,
            landline=landline,
            email=f"{local_part.lower()}@{EMAIL_DOMAINS[d['domain']]}",
            postcode=postcode,
            account_ref=f"5{(n * 48271 + 12345) % 100_000_000:08d}",
            customer_ref=f"CUS{n:07d}",
            visitor_id=f"v-{d['visitor']:010x}",
            ni_number=(
                f"{NI_PREFIXES[d['ni_prefix']]}{d['ni_digits']:06d}{'ABCD'[d['ni_suffix']]}"
            ),
            vehicle_reg=f"{letters[:2]}{REG_AGES[d['reg_age']]} {letters[2:]}",
        )


def written_phone(resident: Resident, rng: random.Random) -> str:
    """The resident's number as a person might type or an agent might note it."""
    if resident.landline and rng.random() < 0.4:
        number = resident.landline
        return rng.choice(
            (
                number,
                number.replace(" ", ""),
                f"({number.split(' ')[0]}) " + " ".join(number.split(" ")[1:]),
            )
        )
    m = resident.mobile
    forms = (
        f"{m[:5]} {m[5:]}",
        m,
        f"+44 {m[1:5]} {m[5:]}",
        f"+44{m[1:]}",
        f"{m[:5]} {m[5:8]} {m[8:]}",
        f"0{m[1:5]}-{m[5:]}",
    )
    return rng.choice(forms)


def written_postcode(resident: Resident, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.7:
        return resident.postcode
    if r < 0.85:
        return resident.postcode.lower()
    return resident.postcode.replace(" ", "")


def written_ni(resident: Resident, rng: random.Random) -> str:
    n = resident.ni_number
    return n if rng.random() < 0.5 else f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"


def service_ref(rng: random.Random) -> str:
    """A reference from an earlier request (never the same shape as a contact id)."""
    return rng.choice(
        (
            f"SR{rng.randint(10_000_000, 99_999_999)}",
            f"WO-{rng.randint(100_000, 999_999)}/{rng.randint(1, 9)}",
        )
    )


# (kind, resident-voice templates, agent-voice templates); {v} is the planted value.
_PD_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "phone": (
        ("my number is {v}", "you can call me on {v}", "ring me back on {v}", "my mobile is {v}"),
        ("cb on {v}", "tel {v}", "contact no {v}", "alt no {v}"),
    ),
    "email": (
        ("my email is {v}", "you can email me at {v}", "email {v}"),
        ("email {v}", "emailed conf to {v}"),
    ),
    "postcode": (
        ("my postcode is {v}", "postcode {v}", "we're at {v}"),
        ("pc {v}", "postcode {v}"),
    ),
    "account_ref": (
        ("my account number is {v}", "account no {v}", "ref on the bill is {v}"),
        ("acct {v}", "CT acct {v}", "a/c {v}"),
    ),
    "ni_number": (("my NI number is {v}", "national insurance {v}"), ("NINO {v}", "NI {v}")),
    "vehicle_reg": (
        ("my reg is {v}", "the car is {v}", "registration {v}"),
        ("VRM {v}", "reg {v}"),
    ),
    "case_ref": (
        ("my reference is {v}", "the ref number was {v}", "ref {v}"),
        ("prev ref {v}", "ref {v}", "orig job {v}"),
    ),
}
TOPIC_PD_KINDS: dict[str, tuple[str, ...]] = {
    "council_tax_bill": ("account_ref",),
    "council_tax_discount": ("account_ref", "ni_number"),
    "council_tax_arrears": ("account_ref",),
    "council_tax_moving": ("account_ref",),
    "business_rates": ("account_ref",),
    "housing_benefit": ("ni_number", "account_ref"),
    "blue_badge": ("ni_number", "vehicle_reg"),
    "parking_permits": ("vehicle_reg",),
    "parking_fines": ("vehicle_reg",),
    "fly_tipping": ("vehicle_reg",),
    "housing_repairs": ("case_ref",),
    "damp_mould": ("case_ref",),
    "missed_bin": ("case_ref",),
    "housing_register": ("ni_number", "case_ref"),
    "planning_applications": ("case_ref",),
}


def name_phrase(resident: Resident, rng: random.Random, voice: str) -> tuple[str, str]:
    """(value, phrase) naming the resident in a way a redactor can recognise."""
    if voice == "agent":
        value = rng.choice(
            (
                f"{resident.title} {resident.last}",
                f"{resident.title} {resident.first[0]} {resident.last}",
            )
        )
        return value, value
    value = f"{resident.first} {resident.last}"
    if rng.random() < 0.3:
        value = f"{resident.title} {resident.last}"
        return value, f"it's {value}"
    return value, rng.choice(("my name is {v}", "this is {v}", "my name's {v}")).format(v=value)


def pd_phrases(
    resident: Resident, topic: str, rng: random.Random, voice: str, count: int
) -> list[tuple[str, str, str]]:
    """``count`` personal-data snippets as (kind, value, phrase), for a topic and a voice."""
    kinds = ["phone", "email", "postcode", *TOPIC_PD_KINDS.get(topic, ()) * 2]
    rng.shuffle(kinds)
    out: list[tuple[str, str, str]] = []
    for kind in dict.fromkeys(kinds):  # ordered, unique
        if len(out) >= count:
            break
        value = {
            "phone": lambda: written_phone(resident, rng),
            "email": lambda: resident.email,
            "postcode": lambda: written_postcode(resident, rng),
            "account_ref": lambda: resident.account_ref,
            "ni_number": lambda: written_ni(resident, rng),
            "vehicle_reg": lambda: resident.vehicle_reg,
            "case_ref": lambda: service_ref(rng),
        }[kind]()
        templates = _PD_TEMPLATES[kind][0 if voice == "resident" else 1]
        out.append((kind, value, rng.choice(templates).format(v=value)))
    return out
