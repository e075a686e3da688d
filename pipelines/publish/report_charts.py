"""Inline SVG charts for the weekly report: a topic's trend line and the channel mix.

Every chart is ``role="img"`` with an ``aria-label`` that says what it shows in words (the text
alternative), and scales with its box (``viewBox``, no fixed width). Colours: Okabe-Ito, which
stay distinguishable with the common forms of colour blindness.
"""

from __future__ import annotations

from datetime import date

from pipelines.publish.report_page import esc, number, percent

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
TREND_WEEKS = 26


def trend_label(name: str, points: list[tuple[date, int | None]]) -> str:
    """The sparkline's text alternative: span, first, last, lowest and highest week."""
    known = [(week, count) for week, count in points if count is not None]
    if not known:
        return f"{name}: no weekly figures to show"
    low = min(known, key=lambda p: (p[1], p[0]))
    high = max(known, key=lambda p: (p[1], p[0]))
    hidden = len(points) - len(known)
    text = (
        f"{name}: contacts a week over {len(points)} weeks, from {number(known[0][1])} "
        f"(week of {known[0][0]:%d %b %Y}) to {number(known[-1][1])} (week of "
        f"{known[-1][0]:%d %b %Y}); lowest {number(low[1])}, highest {number(high[1])} "
        f"(week of {high[0]:%d %b %Y})"
    )
    if hidden:
        text += f"; {hidden} weeks hidden (small numbers)"
    return text


def sparkline(name: str, points: list[tuple[date, int | None]]) -> str:
    """A small trend line of weekly contacts (oldest first); the last week marked with a dot.

    Missing (suppressed) weeks break the line.
    """
    width, height, pad = 120, 28, 3
    label = trend_label(name, points)
    values = [count for _, count in points if count is not None]
    peak = max([1, *values])
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y(count: int) -> float:
        return height - pad - (height - 2 * pad) * count / peak

    segments: list[list[str]] = [[]]
    for i, (_, count) in enumerate(points):
        if count is None:
            segments.append([])
        else:
            segments[-1].append(f"{pad + i * step:.1f},{y(count):.1f}")
    lines = "".join(
        f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="1.5" points="{" ".join(s)}"/>'
        for s in segments
        if len(s) > 1
    )
    dot = ""
    if points and points[-1][1] is not None:
        dot = (
            f'<circle cx="{pad + (len(points) - 1) * step:.1f}" cy="{y(points[-1][1]):.1f}" '
            f'r="2.5" fill="{PALETTE[5]}"/>'
        )
    return (
        f'<svg class="spark" role="img" aria-label="{esc(label)}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" focusable="false">'
        f'<line x1="0" y1="{height - pad}" x2="{width}" y2="{height - pad}" stroke="#b1b4b6"/>'
        f"{lines}{dot}</svg>"
    )


def channel_mix_chart(
    weeks: list[date],
    mix: dict[str, list[int]],
    caption: str,
    totals: list[int | None] | None = None,
) -> str:
    """A figure: one 100% stacked bar per week, a segment per channel, with a legend.

    ``mix`` maps each channel to its contacts in each of ``weeks`` (oldest first); ``totals``
    are the weeks' totals (default: the sum), so a hidden channel leaves a gap. The figure's
    caption and the chart's label say the latest week's shares in words.
    """
    channels = list(mix)
    sums = [sum(mix[c][i] for c in channels) for i in range(len(weeks))]
    totals = [t or s for t, s in zip(totals or sums, sums, strict=True)]
    width, left, right, top, bar_gap = 420, 60, 10, 10, 4
    bar_h = 18
    plot_w = width - left - right
    parts = []
    for i, week in enumerate(weeks):
        y0 = top + i * (bar_h + bar_gap)
        parts.append(
            f'<text x="{left - 6}" y="{y0 + bar_h - 5}" text-anchor="end" '
            f'font-size="12">{week:%d %b}</text>'
        )
        x = float(left)
        for n, channel in enumerate(channels):
            share = mix[channel][i] / totals[i] if totals[i] else 0.0
            w = plot_w * share
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y0}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{PALETTE[n % len(PALETTE)]}"/>'
                )
            x += w
    legend_y = top + len(weeks) * (bar_h + bar_gap) + 18
    x = float(left)
    for n, channel in enumerate(channels):
        needed = 24 + 7.5 * len(channel)
        if x > left and x + needed > width:  # next legend line
            x, legend_y = float(left), legend_y + 20
        parts.append(
            f'<rect x="{x:.0f}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{PALETTE[n % len(PALETTE)]}"/><text x="{x + 16:.0f}" y="{legend_y}" '
            f'font-size="12">{esc(channel)}</text>'
        )
        x += needed
    height = legend_y + 10
    latest = ""
    if weeks and totals[-1]:
        latest = f"; week of {weeks[-1]:%d %b %Y}: " + ", ".join(
            f"{channel} {percent(mix[channel][-1] / totals[-1])}" for channel in channels
        )
    label = f"{caption}{latest}"
    return (
        f'<figure><svg role="img" aria-label="{esc(label)}" viewBox="0 0 {width} {height}" '
        f'focusable="false">{"".join(parts)}</svg>'
        f"<figcaption>{esc(label)}. The table below gives every figure.</figcaption></figure>"
    )
