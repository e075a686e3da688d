"""A self-contained HTML page for a service manager to review a proposed taxonomy.

One file, no scripts, no outside resources: every text on it is redacted and HTML-escaped.
Topics are listed largest first with their words, cohesion and example phrasings; a topic that
is a near-duplicate of another is marked "merge candidate" with the other topic's id.
"""

from __future__ import annotations

from html import escape

from pipelines.discovery.propose import MERGE_SIMILARITY, Proposal

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;
vertical-align:top;text-align:left}th{background:#f0f0f0}.merge{background:#fff4d6}
.tag{display:inline-block;background:#b35c00;color:#fff;border-radius:3px;padding:0 .3rem;
font-size:.8rem}ul{margin:.2rem 0;padding-left:1.2rem}.note{color:#555}
"""


def review_html(proposal: Proposal, source: str) -> str:
    """The review page for ``proposal`` (``source`` names the input file)."""
    total = len(proposal.assignments)
    unassigned = sum(1 for a in proposal.assignments if a is None)
    reasons = "".join(
        f"<li>{escape(reason)}: {count:,}</li>" for reason, count in proposal.unassigned.items()
    )
    choice = proposal.k_choice
    rows = []
    for topic in proposal.topics:
        examples = "".join(f"<li>{escape(text)}</li>" for text in topic.examples)
        if not examples:
            examples = "<li class='note'>no clean phrasing (all short, cut off or redacted)</li>"
        merge = ""
        if topic.merge_candidates:
            merge = "<span class='tag'>merge candidate</span> with " + ", ".join(
                f"<code>{escape(other)}</code>" for other in topic.merge_candidates
            )
        flag = "<br><span class='tag'>safeguarding signs</span>" if topic.safeguarding else ""
        rows.append(
            f"<tr class='{'merge' if topic.merge_candidates else ''}'>"
            f"<td><code>{escape(topic.topic_id)}</code><br>{escape(topic.name)}{flag}</td>"
            f"<td>{topic.size:,}<br>{topic.size / max(total, 1):.1%}</td>"
            f"<td>{topic.cohesion:.2f}</td><td>{escape(', '.join(topic.terms))}</td>"
            f"<td><ul>{examples}</ul></td><td>{merge}</td></tr>"
        )
    notes = "".join(f"<p class='note'>{escape(note)}</p>" for note in proposal.notes)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Proposed taxonomy: review</title>
<style>{_STYLE}</style></head><body>
<h1>Proposed taxonomy: review</h1>
<p>From <code>{escape(source)}</code>: {total:,} texts, {len(proposal.topics)} proposed topics,
{unassigned:,} texts ({unassigned / max(total, 1):.1%}) unassigned.</p>
<ul>{reasons}</ul>
<p class="note">The number of topics was not given: HDBSCAN counted
{int(choice.get("dense_groups", 0))} dense groups in a sample of
{int(choice.get("sample_texts", 0)):,} texts, and k-means then placed every text into
k={proposal.chosen_k} clusters. Tiny and incoherent clusters are left unassigned. Topics whose
word profiles have a cosine similarity of at least {MERGE_SIMILARITY} are marked as merge
candidates. Texts are redacted; examples are residents' words only.</p>
{notes}
<p>To review: rename each topic (<code>id</code>, <code>name</code>), set its
<code>service_area</code>, <code>description</code> and <code>safeguarding</code>, merge or delete
topics in <code>taxonomy.yaml</code>, then train a first model (docs/discovery.md).</p>
<table><thead><tr><th>Topic</th><th>Texts</th><th>Cohesion</th><th>Distinctive words</th>
<th>Example phrasings</th><th>Merge?</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table></body></html>
"""
