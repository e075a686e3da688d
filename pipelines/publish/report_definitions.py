"""Definitions of every measure the weekly report shows (its last section).

Worded from the dbt models' descriptions (dbt_project/models/marts/_marts__*.yml) and the
thresholds in dbt_project.yml: change them together.
"""

from __future__ import annotations

from pipelines.publish.report_page import esc

DEFINITIONS = (
    ("Contacts", "Calls, webchats, emails and other contacts in the week (Monday to Sunday)."),
    ("Change on last week", "This week's contacts minus last week's."),
    (
        "8-week baseline",
        "The median of the topic's contacts in the complete weeks among the 8 before this one.",
    ),
    (
        "z-score",
        "How unusual this week is: (contacts − baseline) divided by the larger of 1.4826 × the "
        "median absolute deviation of those weeks and the square root of the baseline.",
    ),
    (
        "Flag",
        "spike: at least 20 contacts, a z-score of 4 or more and at least twice the baseline; "
        "rising: at least 10 contacts, 1.25 × the baseline and a z-score of 2 or more; "
        "falling: a baseline of 10 or more, at most 0.75 × it and a z-score of −2 or less; "
        "new: no contacts in the baseline weeks and 5 or more now; seasonal: it would be a "
        "spike, rising or falling but the same weeks last year moved the same way; "
        "insufficient history: fewer than 4 complete weeks before; otherwise steady.",
    ),
    (
        "Unclassified",
        "The share of contacts the topic model could not place in a topic with confidence.",
    ),
    (
        "Failure demand",
        "Avoidable contacts as a share of all contacts: the same caller contacted us on the "
        'same topic in the 7 days before, or the contact chases something ("still not '
        'collected", "already paid").',
    ),
    (
        "Emerging topic",
        "A group of similar unclassified contacts; status new, growing, stable or fading.",
    ),
    (
        "Automation score",
        "0 to 100: 30% volume (contacts that are not failure demand), 20% repetitiveness, 15% "
        "simplicity (short handle times), 20% resolved at first contact, 15% the topic's "
        "nature (information scores highest, safeguarding 0).",
    ),
    ("Agent hours a year", "Weekly average contacts × 52 × mean handle time."),
    ("Cost a year", "A year of these contacts at each channel's cost per contact."),
    (
        "Hidden",
        "In public copies, a count from 1 to the suppression threshold is hidden, with what is "
        "worked out from it and enough other cells that it cannot be recovered from totals.",
    ),
)


def definitions_section() -> list[str]:
    items = "".join(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in DEFINITIONS)
    return ['<h2 id="definitions">Definitions</h2>', f'<dl class="defs">{items}</dl>']
