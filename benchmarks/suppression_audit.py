"""Small-number suppression of ``topic_weekly_trends``: cells hidden, time, and the audit.

    .venv/bin/python benchmarks/suppression_audit.py WORKDIR [--min-range 1 4 9] [--before REV]

WORKDIR is a work directory that ``contact-topics demo`` (or ``run``) has published; the
internal ``topic_weekly_trends.parquet`` of its newest week is suppressed with the default
threshold (9) for each ``MIN_RANGE`` given, timed (wall clock, one run), and the public frame
is attacked with the tests' independent linear-programming audit
(``tests/pipelines/publish/suppression_attack.py``, with the public candidates file's window
sums; suppression is given them too): how many hidden counts come out exactly
and how many narrower than ``MIN_RANGE``. ``--before REV`` does the same with
``pipelines/publish/suppression.py`` as it was at git revision REV (the rule before issue 14:
``25b4136``; the exact window-sum model of issue 14's first fix: ``3ed7041``), with that
revision's ``suppression_audit.py``. Prints JSON; the figures go into
docs/publishing.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.publish import suppression  # noqa: E402
from tests.pipelines.publish.suppression_attack import trends_ranges  # noqa: E402


def _source_at(revision: str, path: str) -> str | None:
    found = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"], capture_output=True, text=True
    )
    return found.stdout if found.returncode == 0 else None


def _load(name: str, source: str):
    path = Path(tempfile.mkdtemp()) / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _module_at(revision: str):
    """``pipelines/publish/suppression.py`` as it was at ``revision``, as a module, with the
    ``suppression_audit.py`` of that revision when it had one."""
    source = _source_at(revision, "pipelines/publish/suppression.py")
    assert source is not None, f"no suppression.py at {revision}"
    audit = _source_at(revision, "pipelines/publish/suppression_audit.py")
    if audit is not None:
        _load("suppression_audit_before", audit)
        source = source.replace(
            "from pipelines.publish.suppression_audit import",
            "from suppression_audit_before import",
        )
    return _load("suppression_before", source)


def measure(module, frame: pl.DataFrame, candidates: pl.DataFrame, min_ranges: list[float]) -> dict:
    spec = module.SUPPRESSION["topic_weekly_trends"]
    candidates_result = module.suppress(candidates, module.SUPPRESSION["automation_candidates"], 9)
    public_candidates = candidates_result.frame
    # the rule before issue 14 knew nothing of the candidates' window sums
    known = module.candidate_windows(candidates) if hasattr(module, "candidate_windows") else []
    started = time.perf_counter()
    result = module.suppress(frame, spec, 9, known) if known else module.suppress(frame, spec, 9)
    seconds = time.perf_counter() - started
    public = result.frame
    ranges = trends_ranges(public, public_candidates)
    widths = [high - low for low, high in ranges.values()]
    all_rows = public.filter(pl.col("channel") == "all")
    by_channel = (
        public.group_by("channel")
        .agg(pl.col("contacts").null_count().alias("hidden"), pl.len().alias("rows"))
        .sort("channel")
    )
    return {
        "rows": frame.height,
        "primary": result.primary,
        "secondary": result.secondary,
        "suppress_seconds": round(seconds, 1),
        "hidden": len(ranges),
        "exact": sum(width < 1e-6 for width in widths),
        **{f"narrower_than_{m:g}": sum(w < m - 1e-6 for w in widths) for m in min_ranges},
        "all_rows_hidden": all_rows["contacts"].null_count(),
        "all_rows": all_rows.height,
        "trends_hidden_by_channel": {
            row["channel"]: f"{row['hidden']} of {row['rows']}" for row in by_channel.to_dicts()
        },
        "candidates_hidden": f"{public_candidates['contacts'].null_count()} of "
        f"{public_candidates.height}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--min-range", type=float, nargs="+", default=[suppression.MIN_RANGE])
    parser.add_argument("--before", help="git revision of the rule to compare with")
    args = parser.parse_args()
    weeks = sorted(p for p in (args.workdir / "published" / "weeks").iterdir() if p.is_dir())
    frame = pl.read_parquet(weeks[-1] / "internal" / "topic_weekly_trends.parquet")
    candidates = pl.read_parquet(weeks[-1] / "internal" / "automation_candidates.parquet")
    results = {}
    if args.before:
        results[f"before ({args.before})"] = measure(
            _module_at(args.before), frame, candidates, args.min_range
        )
    default = suppression.MIN_RANGE
    for min_range in args.min_range:
        suppression.MIN_RANGE = min_range
        results[f"MIN_RANGE={min_range:g}"] = measure(suppression, frame, candidates, [min_range])
    suppression.MIN_RANGE = default
    print(json.dumps({"week": weeks[-1].name, "results": results}, indent=2))


if __name__ == "__main__":
    main()
