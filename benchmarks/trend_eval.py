"""Evaluation of the trend flags (issue 21): injected events, the real dbt models.

Makes two years (104 weeks from Monday 2 January 2023) of contacts for a weekday-only centre
(Monday-Friday, closed on England and Wales bank holidays, as in the dbt seed), with topics at
4 volumes (5, 20, 80, 300 contacts a week) and labelled events injected at known weeks:

- ``spike1``: one week at 3-6x the level;
- ``surge4``: four weeks at 3-6x;
- ``slow_rise``: a ramp from 1x to 2.5x over 8 weeks, then staying there;
- ``fall``: the level drops to 0.4x and stays;
- ``seasonal_same``: a 2-week peak at 3x in the same weeks of both years;
- ``seasonal_bigger``: the same peak at 3x in year 1 and 7x in year 2;
- ``none``: no event (false alarms are counted here).

Weekly levels carry 10% lognormal noise, and each open day's count is Poisson. The contacts are
written to a temporary DuckDB as ``intermediate.int_contacts_enriched`` (with
``int_topics_unioned``) and dbt builds the real models on them: the seed
``uk_bank_holidays``, ``int_weeks_covered``, ``int_topic_weeks_aggregated``,
``int_topic_weeks_flagged`` (the rule now,
decision 0018) and two earlier rules read from git into a temporary copy of the project, each
with the thresholds of its own ``dbt_project.yml`` written in (so today's vars cannot change
them): ``int_topic_weeks_flagged_d16``, the rule of decisions 0014 and 0016 (commit aa150d9:
median baseline, per-working-day comparison, seasonality; no Poisson test), and
``int_topic_weeks_flagged_old``, the rule before commit 1b56f09 (mean and standard deviation of
the 8 weeks before, ``steady`` until 4 complete weeks). All read the same
``int_topic_weeks_aggregated`` (so the old rule here already has the opening-days partial
weeks, but no per-working-day scaling).

Scores per rule, on the ``all`` channel:

- recall per event type: the event is found when a target flag appears in its weeks
  (spike1, surge4, seasonal_bigger year 2: ``spike``; slow_rise, within 12 weeks: ``rising`` or
  ``spike``; fall, within 6 weeks: ``falling``), and the delay in weeks to the first one;
- for surges, the share of the 4 weeks flagged ``spike``;
- for seasonal_same in year 2: the share flagged ``spike`` (should be low) and ``seasonal``;
- precision per flag: of all rows with the flag, the share inside a window where that flag is
  right (up-events for spike/rising, a fall or the 8 weeks after an up-event for falling,
  seasonal peaks in year 2 for seasonal);
- false spikes per 100 topic-weeks on topics with no event (weeks with a judged flag).

Seed sets: ``dev`` (seeds 1-3, looked at while choosing the rule) and ``held_out`` (seeds
101-103, never tuned on). Run: ``.venv/bin/python benchmarks/trend_eval.py [--sets dev]``;
prints JSON. Needs git (for the old rule) and the project's dbt.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import yaml

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "dbt_project"
# rule name -> (git revision of the flagged model and of dbt_project.yml, model name); "new" is
# the working tree's model
EARLIER_RULES = {
    "d16": ("aa150d9", "int_topic_weeks_flagged_d16"),
    "old": ("1b56f09^", "int_topic_weeks_flagged_old"),
}
FLAGGED_MODEL = "dbt_project/models/intermediate/int_topic_weeks_flagged.sql"
FIRST_WEEK = date(2023, 1, 2)
WEEKS = 104
VOLUMES = (5, 20, 80, 300)
KINDS = {  # kind -> topics per volume
    "none": 3,
    "spike1": 2,
    "surge4": 2,
    "slow_rise": 1,
    "fall": 1,
    "seasonal_same": 1,
    "seasonal_bigger": 1,
}
SEED_SETS = {"dev": (1, 2, 3), "held_out": (101, 102, 103)}
JUDGED = {"spike", "rising", "falling", "steady", "new", "seasonal"}


@dataclass
class Topic:
    topic_id: str
    kind: str
    volume: int
    start: int = -1  # event start week (index); year-2 peak for seasonal kinds
    size: float = 1.0


def holidays() -> set[date]:
    with (PROJECT / "seeds" / "uk_bank_holidays.csv").open(encoding="utf-8") as handle:
        return {
            date.fromisoformat(row["holiday_date"])
            for row in csv.DictReader(handle)
            if row["region"] == "england-and-wales"
        }


def make_topics(rng: np.random.Generator) -> list[Topic]:
    topics = []
    for volume in VOLUMES:
        for kind, count in KINDS.items():
            for n in range(count):
                topic = Topic(f"{kind}_{volume}_{n}", kind, volume)
                if kind in ("seasonal_same", "seasonal_bigger"):
                    topic.start = int(rng.integers(8, 46)) + 52
                elif kind != "none":
                    topic.start = int(rng.integers(20, 92))
                    topic.size = float(rng.uniform(3, 6))
                topics.append(topic)
    return topics


def multiplier(topic: Topic, week: int) -> float:
    k, s = topic.kind, topic.start
    if k == "spike1":
        return topic.size if week == s else 1.0
    if k == "surge4":
        return topic.size if s <= week < s + 4 else 1.0
    if k == "slow_rise":
        return 1.0 if week < s else min(2.5, 1.0 + 1.5 * (week - s + 1) / 8)
    if k == "fall":
        return 0.4 if week >= s else 1.0
    if k in ("seasonal_same", "seasonal_bigger"):
        year2 = 7.0 if k == "seasonal_bigger" else 3.0
        if s <= week < s + 2:
            return year2
        if s - 52 <= week < s - 50:
            return 3.0
    return 1.0


def make_contacts(topics: list[Topic], rng: np.random.Generator) -> dict[str, list]:
    closed = holidays()
    columns: dict[str, list] = defaultdict(list)
    for topic in topics:
        for week in range(WEEKS):
            monday = FIRST_WEEK + timedelta(weeks=week)
            level = topic.volume * multiplier(topic, week) * float(rng.lognormal(0.0, 0.1))
            for day in range(5):
                when = monday + timedelta(days=day)
                if when in closed:
                    continue
                for _ in range(int(rng.poisson(level / 5))):
                    minute = int(rng.integers(8 * 60, 17 * 60))
                    columns["started_at_local"].append(
                        datetime(when.year, when.month, when.day, minute // 60, minute % 60)
                    )
                    columns["week_start"].append(monday)
                    columns["topic_id"].append(topic.topic_id)
    return columns


def git_show(revision: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def with_vars_written_in(sql: str, revision: str) -> str:
    """The model's ``{{ var('x') }}`` replaced by the values in dbt_project.yml at ``revision``."""
    values = yaml.safe_load(git_show(revision, "dbt_project/dbt_project.yml"))["vars"]

    def value(match: re.Match) -> str:
        return str(values[match.group(2)])

    return re.sub(r"\{\{\s*var\((['\"])(\w+)\1\)\s*\}\}", value, sql)


def prepare_project(workdir: Path) -> Path:
    project = workdir / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    for revision, model in EARLIER_RULES.values():
        sql = with_vars_written_in(git_show(revision, FLAGGED_MODEL), revision)
        (project / "models" / "intermediate" / f"{model}.sql").write_text(sql)
    return project


def run_dbt(project: Path, warehouse: Path, *args: str) -> None:
    env = dict(os.environ, CONTACT_TOPICS_WAREHOUSE_PATH=str(warehouse))
    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt), "--no-use-colors", *args, "--project-dir", str(project)]
    command += ["--profiles-dir", str(project), "--target-path", str(project / "target")]
    command += ["--log-path", str(project / "logs")]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dbt {' '.join(args)} failed:\n{done.stdout[-3000:]}")


def flags_for_seed(seed: int, workdir: Path, project: Path) -> tuple[list[Topic], dict]:
    rng = np.random.default_rng(seed)
    topics = make_topics(rng)
    contacts = make_contacts(topics, rng)
    warehouse = workdir / f"seed{seed}.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("create schema if not exists intermediate")
    con.execute(
        "create table intermediate.int_contacts_enriched (started_at_local timestamp, "
        "week_start date, topic_id varchar, channel varchar, handle_seconds double, "
        "outcome varchar, is_repeat_contact boolean, is_first_contact_resolution boolean, "
        "is_avoidable boolean)"
    )
    frame = pl.DataFrame(dict(contacts))  # noqa: F841 (read by DuckDB's replacement scan)
    con.execute(
        "insert into intermediate.int_contacts_enriched select started_at_local, week_start, "
        "topic_id, 'phone', null, 'resolved', false, true, false from frame"
    )
    con.execute(
        "create table intermediate.int_topics_unioned as select distinct topic_id, "
        "topic_id as topic_name from intermediate.int_contacts_enriched"
    )
    con.close()
    run_dbt(project, warehouse, "seed", "--select", "uk_bank_holidays")
    run_dbt(
        project,
        warehouse,
        "run",
        "--select",
        " ".join(
            ["int_weeks_covered", "int_topic_weeks_aggregated", "int_topic_weeks_flagged"]
            + [model for _, model in EARLIER_RULES.values()]
        ),
        "--vars",
        json.dumps({"opening_days": None, "bank_holiday_region": "england-and-wales"}),
    )
    con = duckdb.connect(str(warehouse), read_only=True)
    result = {}
    models = {"new": "int_topic_weeks_flagged"} | {r: m for r, (_, m) in EARLIER_RULES.items()}
    for rule, model in models.items():
        rows = con.execute(
            f"select topic_id, week_start, trend_flag from intermediate.{model} "
            "where channel = 'all'"
        ).fetchall()
        result[rule] = {(topic, (week - FIRST_WEEK).days // 7): flag for topic, week, flag in rows}
    partial = con.execute(
        "select count(*) from intermediate.int_topic_weeks_aggregated "
        "where channel = 'all' and is_partial_week"
    ).fetchone()
    result["partial_rows"] = partial[0] if partial else 0
    con.close()
    return topics, result


def up_window(topic: Topic) -> range:
    if topic.kind == "spike1":
        return range(topic.start, topic.start + 1)
    if topic.kind == "surge4":
        return range(topic.start, topic.start + 4)
    if topic.kind == "slow_rise":
        return range(topic.start, topic.start + 12)
    if topic.kind == "seasonal_bigger":
        return range(topic.start, topic.start + 2)
    return range(0)


def acceptable(topic: Topic, week: int, flag: str) -> bool:
    """Is this flag right for this topic in this week (for precision)?"""
    up = set(up_window(topic))
    if topic.kind in ("seasonal_same", "seasonal_bigger"):
        up |= set(range(topic.start - 52, topic.start - 50))  # year 1: a genuine event
    if flag in ("spike", "rising", "new"):
        return week in up
    if flag == "falling":
        # the 8 weeks after an up-event: its weeks are in the baseline, so a return to the
        # usual level can read as a fall
        after_up = any(w < week <= w + 8 for w in up)
        return after_up or (topic.kind == "fall" and topic.start <= week < topic.start + 6)
    if flag == "seasonal":
        return topic.kind == "seasonal_same" and topic.start <= week < topic.start + 2
    return True


def score(all_runs: list[tuple[list[Topic], dict]], rule: str) -> dict:
    targets = {
        "spike1": ({"spike"}, 1),
        "surge4": ({"spike"}, 4),
        "seasonal_bigger": ({"spike"}, 2),
        "slow_rise": ({"rising", "spike"}, 12),
        "fall": ({"falling"}, 6),
    }
    found: dict = defaultdict(lambda: defaultdict(list))
    surge_share: dict = defaultdict(list)
    seasonal: dict = defaultdict(lambda: {"spike": 0, "seasonal": 0, "weeks": 0})
    flagged: dict = defaultdict(lambda: [0, 0])
    false_spikes: dict = defaultdict(lambda: [0, 0])
    for topics, result in all_runs:
        flags = result[rule]
        for topic in topics:
            weeks = [flags.get((topic.topic_id, w), "missing") for w in range(WEEKS)]
            for week, flag in enumerate(weeks):
                if flag in ("spike", "rising", "falling", "seasonal"):
                    flagged[flag][0] += 1
                    flagged[flag][1] += acceptable(topic, week, flag)
            if topic.kind == "none":
                judged = [f for f in weeks if f in JUDGED]
                false_spikes[topic.volume][0] += sum(f == "spike" for f in judged)
                false_spikes[topic.volume][1] += len(judged)
            if topic.kind in targets:
                wanted, length = targets[topic.kind]
                hits = [i for i in range(length) if weeks[topic.start + i] in wanted]
                found[topic.kind][topic.volume].append(hits[0] if hits else None)
                if topic.kind == "surge4":
                    surge_share[topic.volume].append(
                        sum(weeks[topic.start + i] == "spike" for i in range(4)) / 4
                    )
            if topic.kind == "seasonal_same":
                for i in range(2):
                    flag = weeks[topic.start + i]
                    seasonal[topic.volume]["weeks"] += 1
                    seasonal[topic.volume]["spike"] += flag == "spike"
                    seasonal[topic.volume]["seasonal"] += flag == "seasonal"

    def recall(delays: list) -> dict:
        hit = [d for d in delays if d is not None]
        return {
            "events": len(delays),
            "recall": round(len(hit) / len(delays), 3) if delays else None,
            "mean_delay_weeks": round(sum(hit) / len(hit), 2) if hit else None,
        }

    out: dict = {"recall": {}, "surge_weeks_flagged_spike": {}, "seasonal_same_year2": {}}
    for kind, by_volume in found.items():
        out["recall"][kind] = {str(v): recall(d) for v, d in sorted(by_volume.items())}
        every = [d for v, d in by_volume.items() for d in d]
        out["recall"][kind]["all_volumes"] = recall(every)
        at_20 = [d for v, d in by_volume.items() if v >= 20 for d in d]
        out["recall"][kind]["volumes_20_plus"] = recall(at_20)
    for volume, shares in sorted(surge_share.items()):
        out["surge_weeks_flagged_spike"][str(volume)] = round(sum(shares) / len(shares), 3)
    for volume, counts in sorted(seasonal.items()):
        out["seasonal_same_year2"][str(volume)] = {
            "share_spike": round(counts["spike"] / counts["weeks"], 3),
            "share_seasonal": round(counts["seasonal"] / counts["weeks"], 3),
        }
    out["precision"] = {
        flag: {"rows": n, "precision": round(ok / n, 3) if n else None}
        for flag, (n, ok) in sorted(flagged.items())
    }
    spikes = sum(v[0] for v in false_spikes.values())
    weeks = sum(v[1] for v in false_spikes.values())
    out["false_spikes_per_100_topic_weeks_no_event"] = {
        str(v): round(100 * s / n, 3) if n else None for v, (s, n) in sorted(false_spikes.items())
    }
    out["false_spikes_per_100_topic_weeks_no_event"]["all_volumes"] = (
        round(100 * spikes / weeks, 3) if weeks else None
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(SEED_SETS), choices=list(SEED_SETS))
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="trend_eval_") as tmp:
        workdir = Path(tmp)
        project = prepare_project(workdir)
        for name in args.sets:
            runs = [flags_for_seed(seed, workdir, project) for seed in SEED_SETS[name]]
            report[name] = {
                "seeds": list(SEED_SETS[name]),
                "topics": sum(len(t) for t, _ in runs),
                "partial_week_rows": sum(r["partial_rows"] for _, r in runs),
                "new_rule": score(runs, "new"),
                "d16_rule": score(runs, "d16"),
                "old_rule": score(runs, "old"),
            }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
