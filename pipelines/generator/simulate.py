"""Simulate contacts: how many, about what, when, through which channel, how they went.

Vectorised with numpy where it matters (volumes, times, handle and wait times, outcomes); the
repeat-contact pass is a single Python loop over contacts in time order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from pipelines.generator.phrases import CHANNELS, OUTCOMES, PhraseBank, TopicBank

# Seasonal multipliers by month (January first); 1.0 on average across the year.
SEASONS: dict[str, tuple[float, ...]] = {
    "none": (1.0,) * 12,
    "council_tax": (1.0, 1.1, 2.6, 1.9, 1.0, 0.9, 0.8, 0.8, 0.9, 0.9, 0.9, 0.8),
    "garden": (0.4, 1.6, 2.4, 2.0, 1.2, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3),
    "admissions": (1.8, 0.7, 1.6, 1.9, 0.8, 0.7, 0.6, 0.8, 1.4, 2.0, 0.9, 0.8),
    "summer": (0.6, 0.6, 0.8, 1.0, 1.2, 1.5, 1.7, 1.6, 1.1, 0.8, 0.6, 0.6),
    "winter": (1.5, 1.4, 1.1, 0.9, 0.7, 0.6, 0.6, 0.6, 0.8, 1.1, 1.4, 1.5),
    "elections": (0.6, 0.7, 1.2, 1.9, 2.2, 0.6, 0.5, 1.3, 1.4, 1.5, 1.2, 0.6),
    "school_transport": (0.7, 0.6, 0.7, 0.7, 0.8, 1.0, 1.4, 2.2, 2.6, 1.3, 0.8, 0.6),
}
# Day-of-week weights (Monday first) and opening hours per channel.
DAY_WEIGHTS = {
    "phone": (1.45, 1.15, 1.05, 1.0, 0.85, 0, 0),
    "face_to_face": (1.3, 1.1, 1.0, 1.0, 0.9, 0, 0),
    "webchat": (1.35, 1.1, 1.0, 1.0, 0.85, 0.3, 0),
    "app": (1.3, 1.1, 1.0, 1.0, 0.9, 0.6, 0.5),
}
DIGITAL_DAYS = (1.3, 1.1, 1.05, 1.0, 0.9, 0.5, 0.45)
OFFICE_HOURS = {
    8: 0.5,
    9: 1.6,
    10: 1.5,
    11: 1.3,
    12: 1.0,
    13: 1.1,
    14: 1.2,
    15: 1.0,
    16: 0.8,
    17: 0.3,
}
HOUR_WEIGHTS = {
    "phone": OFFICE_HOURS,
    "face_to_face": {9: 1.2, 10: 1.4, 11: 1.3, 12: 1.0, 13: 1.0, 14: 1.1, 15: 0.9, 16: 0.5},
    "webchat": {**OFFICE_HOURS, 17: 0.8, 18: 0.6, 19: 0.4},
}
DIGITAL_HOURS = dict(
    enumerate(
        (
            0.2,
            0.1,
            0.05,
            0.05,
            0.05,
            0.1,
            0.3,
            0.6,
            1.0,
            1.3,
            1.3,
            1.2,
            1.1,
            1.1,
            1.1,
            1.0,
            0.9,
            0.9,
            1.0,
            1.1,
            1.0,
            0.8,
            0.6,
            0.4,
        )
    )
)
HANDLE_FACTOR = {
    "phone": 1.0,
    "webchat": 1.5,
    "email": 0.9,
    "web_form": 0.7,
    "face_to_face": 1.4,
    "social": 0.6,
    "app": 1.4,
}
ABANDON_RATE = {"phone": 0.04, "webchat": 0.05, "app": 0.05}
SOURCE_OF_CHANNEL = {
    "phone": "telephony",
    "webchat": "webchat",
    "app": "webchat",
    "email": "crm",
    "web_form": "crm",
    "face_to_face": "crm",
    "social": "crm",
}
REPEAT_WINDOW = np.timedelta64(7, "D")


@dataclass(frozen=True)
class Plan:
    start: date
    weeks: int
    per_week: int
    emerging_from_week: int  # index of the first week the emerging topic appears


def season_factor(season: str, day: date) -> float:
    """The topic's seasonal multiplier on a day, interpolated between mid-months."""
    table = SEASONS[season]
    position = (day.month - 1) + (day.day - 1) / 30.5 - 0.5
    low = int(np.floor(position)) % 12
    frac = position - np.floor(position)
    return table[low] * (1 - frac) + table[(low + 1) % 12] * frac


def weekly_intensity(plan: Plan, bank: PhraseBank) -> tuple[list[TopicBank], np.ndarray]:
    """Topics (taxonomy topics then the emerging one) and their weights per week [week, topic]."""
    topics = [*bank.topics.values(), bank.emerging]
    weights = np.zeros((plan.weeks, len(topics)))
    for w in range(plan.weeks):
        mid_week = plan.start + timedelta(weeks=w, days=3)
        for t, topic in enumerate(topics[:-1]):
            weights[w, t] = topic.profile.weight * season_factor(topic.profile.season, mid_week)
        if w >= plan.emerging_from_week:
            span = max(plan.weeks - plan.emerging_from_week, 1)
            growth = (w - plan.emerging_from_week + 1) / span
            weights[w, -1] = bank.emerging.profile.weight * growth
    return topics, weights


def _times(rng: np.random.Generator, channel: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(day of week 0-6, seconds after midnight) for n contacts on a channel."""
    days_w = np.array(DAY_WEIGHTS.get(channel, DIGITAL_DAYS))
    hours = HOUR_WEIGHTS.get(channel, DIGITAL_HOURS)
    hour_keys = np.array(sorted(hours))
    hour_w = np.array([hours[h] for h in hour_keys])
    day = rng.choice(7, size=n, p=days_w / days_w.sum())
    hour = rng.choice(hour_keys, size=n, p=hour_w / hour_w.sum())
    minute = rng.integers(0, 60, size=n)
    if channel in ("phone", "webchat"):  # lines open 08:30
        minute = np.where(hour == 8, 30 + minute // 2, minute)
    if channel == "phone":  # and close 17:30
        minute = np.where(hour == 17, minute // 2, minute)
    second = rng.integers(0, 60, size=n)
    return day, hour * 3600 + minute * 60 + second


def simulate(plan: Plan, bank: PhraseBank, rng: np.random.Generator) -> pl.DataFrame:
    """One row per contact, in time order: topic, channel, times, outcome, resident, flags."""
    topics, weights = weekly_intensity(plan, bank)
    base = sum(t.profile.weight for t in topics[:-1])
    week_idx: list[np.ndarray] = []
    topic_idx: list[np.ndarray] = []
    for w in range(plan.weeks):
        total = rng.poisson(plan.per_week * weights[w].sum() / base)
        counts = rng.multinomial(total, weights[w] / weights[w].sum())
        topic_idx.append(np.repeat(np.arange(len(topics)), counts))
        week_idx.append(np.full(total, w))
    topic = np.concatenate(topic_idx)
    week = np.concatenate(week_idx)
    n = topic.size
    channel = np.empty(n, dtype=np.int64)
    for t, tb in enumerate(topics):
        rows = np.flatnonzero(topic == t)
        mix = np.array(tb.profile.channel_mix)
        channel[rows] = rng.choice(len(CHANNELS), size=rows.size, p=mix / mix.sum())
    day = np.zeros(n, dtype=np.int64)
    secs = np.zeros(n, dtype=np.int64)
    for c, name in enumerate(CHANNELS):
        rows = np.flatnonzero(channel == c)
        day[rows], secs[rows] = _times(rng, name, rows.size)
    start64 = np.datetime64(plan.start, "s")
    started = start64 + (week * 7 + day).astype("timedelta64[D]") + secs.astype("timedelta64[s]")

    handle_median = np.array([t.profile.handle for t in topics])[topic]
    factor = np.array([HANDLE_FACTOR[CHANNELS[c]] for c in range(len(CHANNELS))])[channel]
    handle = np.maximum(20, rng.lognormal(np.log(handle_median * factor), 0.45)).round()
    week_load = weights.sum(axis=1)[week] / base
    wait_median = np.where(channel == 0, 70.0, 30.0) * week_load
    wait_median *= np.where((day == 0) & (channel == 0), 1.8, 1.0)
    wait_median *= np.where((secs < 11 * 3600) & (channel == 0), 1.3, 1.0)
    wait = rng.lognormal(np.log(wait_median), 0.8).round()

    outcome = np.empty(n, dtype=object)
    for t, tb in enumerate(topics):
        rows = np.flatnonzero(topic == t)
        mix = np.array(tb.profile.outcome_mix)
        outcome[rows] = np.array(OUTCOMES, dtype=object)[
            rng.choice(len(OUTCOMES), size=rows.size, p=mix / mix.sum())
        ]
    abandon_p = np.array([ABANDON_RATE.get(c, 0.0) for c in CHANNELS])[channel]
    abandoned = rng.random(n) < abandon_p
    outcome[abandoned] = "abandoned"
    handle[abandoned & (channel == 0)] = 0

    vulnerable_p = np.array([t.profile.vulnerable for t in topics])[topic]
    vulnerable = (rng.random(n) < vulnerable_p) & ~(abandoned & (channel == 0))

    order = np.lexsort((np.arange(n), started))
    frame = pl.DataFrame(
        {
            "topic_id": np.array([t.id for t in topics], dtype=object)[topic][order].tolist(),
            "is_emerging": (topic == len(topics) - 1)[order],
            "channel": np.array(CHANNELS, dtype=object)[channel][order].tolist(),
            "week": week[order],
            "started_local": started[order].astype("datetime64[us]"),
            "handle_seconds": handle[order].astype(np.int64),
            "wait_seconds": wait[order].astype(np.int64),
            "outcome": outcome[order].tolist(),
            "is_vulnerable": vulnerable[order],
        }
    ).with_columns(
        pl.col("channel")
        .replace_strict(SOURCE_OF_CHANNEL, return_dtype=pl.Utf8)
        .alias("source_system"),
        pl.col("started_local").cast(pl.Datetime("us")),
    )
    population = max(50, int(n * 0.8))
    resident, is_repeat = _assign_residents(frame, topics, population, rng)
    return frame.with_columns(pl.Series("resident", resident), pl.Series("is_repeat", is_repeat))


def _assign_residents(
    frame: pl.DataFrame, topics: list[TopicBank], population: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Residents per contact; some contacts are the same resident again within 7 days.

    A repeat copies the resident of an earlier contact on the same topic through the same
    source system (so its caller reference matches), most often the latest one.
    """
    n = frame.height
    resident = rng.integers(0, population, size=n)
    is_repeat = np.zeros(n, dtype=bool)
    repeat_p = {t.id: t.profile.repeat for t in topics}
    draws = rng.random((n, 2))
    started = frame.get_column("started_local").to_numpy()
    groups: dict[tuple[str, str], tuple[list[np.datetime64], list[int]]] = {}
    keys = zip(
        frame.get_column("topic_id").to_list(),
        frame.get_column("source_system").to_list(),
        strict=True,
    )
    for i, key in enumerate(keys):
        times, members = groups.setdefault(key, ([], []))
        if draws[i, 0] < repeat_p[key[0]] and members:
            first = bisect.bisect_left(times, started[i] - REPEAT_WINDOW)
            if first < len(members):
                pick = (
                    len(members) - 1
                    if draws[i, 1] < 0.6
                    else first + int(draws[i, 1] * (len(members) - first)) % (len(members) - first)
                )
                resident[i] = resident[members[pick]]
                is_repeat[i] = True
        times.append(started[i])
        members.append(i)
    return resident, is_repeat
