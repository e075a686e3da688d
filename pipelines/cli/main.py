"""The ``contact-topics`` command line.

    contact-topics demo [--workdir DIR]          sample data -> ingest -> dbt -> classify -> publish
    contact-topics generate --weeks N --per-week N --seed S --out DIR
    contact-topics ingest PATH... [--mapping NAME_OR_FILE]
    contact-topics run [PATH...] [--source NAME_OR_FILE] [--topic-source MODE]
                                                 the whole pipeline on landing/ (or PATH...)
    contact-topics train [--input FILE --text-column C --label-column C --model-dir DIR]
    contact-topics classify | evaluate | topic-terms | import-reviews   (pipelines/cli/models.py)
    contact-topics publish                       write published/ files and the report again

Settings come from CONTACT_TOPICS_* environment variables (see .env.example); options win.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from pipelines.orchestration import workdir_lock
from pipelines.settings import TOPIC_SOURCES, Settings, SettingsError

log = logging.getLogger("contact_topics")


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    for noisy in ("great_expectations", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(workdir=getattr(args, "workdir", None))


def cmd_demo(args: argparse.Namespace) -> int:
    from pipelines.generator import generate
    from pipelines.publish import format_summary
    from pipelines.steps import run_pipeline

    settings = _settings(args)
    settings.ensure_dirs()
    started = time.perf_counter()
    if any(settings.landing_dir.iterdir()):
        log.info(
            "landing/ already holds files: using them (delete %s for fresh sample data)",
            settings.landing_dir,
        )
    else:
        log.info(
            "generating %d weeks x %d contacts of sample data (seed %d)",
            args.weeks,
            args.per_week,
            args.seed,
        )
        generate(
            settings.landing_dir,
            weeks=args.weeks,
            per_week=args.per_week,
            seed=args.seed,
            truth_dir=settings.workdir / "ground_truth",
        )
    result = run_pipeline(settings)
    elapsed = time.perf_counter() - started
    assert result.summary is not None and result.publish is not None and result.ingest is not None
    print()
    print(format_summary(result.summary))
    print()
    print(
        f"Rows: read {result.ingest.total('rows_read'):,}, stored "
        f"{result.ingest.total('rows_stored'):,}, rejected {result.ingest.total('rows_rejected'):,}"
        " (reasons in raw.rejected_rows)"
    )
    print(f"Outputs in {settings.workdir.resolve()}:")
    print(f"  warehouse   {settings.warehouse_path} (published tables in schema 'published')")
    for table, path in result.publish.files.items():
        print(f"  {table:<22} {path}  ({result.publish.rows[table]:,} rows)")
    print("\n".join(result.publish.locations()))
    workdir = settings.workdir.resolve()
    print(
        "Next steps (not run by the demo):\n"
        f"  taxonomy proposal  contact-topics taxonomy propose --input FILE --text-column C "
        f"--output-dir {workdir / 'proposal'}\n"
        f"  bot export         contact-topics bot export --format lex_v2 --top 10 "
        f"--output {workdir / 'bot'} --workdir {workdir}"
    )
    print(f"Done in {elapsed:.0f} s.")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from pipelines.generator import generate

    start = date.fromisoformat(args.start) if args.start else None
    result = generate(
        Path(args.out),
        weeks=args.weeks,
        per_week=args.per_week,
        seed=args.seed,
        start=start,
        truth_dir=Path(args.truth_dir) if args.truth_dir else None,
    )
    print(result)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipelines.ingest import IngestError, ingest_paths, resolve_mapping

    settings = _settings(args)
    chosen = args.mapping or settings.mapping  # --mapping, else CONTACT_TOPICS_MAPPING
    mapping = resolve_mapping(chosen) if chosen else None
    try:
        report = ingest_paths(settings, [Path(p) for p in args.paths], mapping)
    except IngestError as exc:
        log.error("%s", exc)
        return 1
    print(
        f"read {report.total('rows_read'):,} rows: stored {report.total('rows_stored'):,}, "
        f"rejected {report.total('rows_rejected'):,}"
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from pipelines.ingest import resolve_mapping
    from pipelines.publish import format_summary
    from pipelines.steps import run_pipeline

    settings = Settings.from_env(workdir=args.workdir, topic_source=args.topic_source)
    mapping = resolve_mapping(args.source) if args.source else None
    if mapping is not None and not os.environ.get("CONTACT_TOPICS_TIMEZONE"):
        # report in the source's own local weeks (e.g. Boston's) unless told otherwise
        settings = replace(settings, timezone=mapping.timezone)
        log.info(
            "weeks start on Monday 00:00 %s (the %s mapping's zone)", mapping.timezone, mapping.name
        )
    as_of = date.fromisoformat(args.as_of_date) if args.as_of_date else None
    paths = [Path(p) for p in args.paths] or None
    result = run_pipeline(settings, paths, as_of_date=as_of, mapping=mapping)
    assert result.summary is not None
    print(format_summary(result.summary))
    return 0


# Modules that add sub-commands: each has ``register(subparsers, with_workdir) -> None``.
CLI_PLUGINS: tuple[str, ...] = (
    "pipelines.cli.privacy",
    "pipelines.cli.models",
    "pipelines.cli.publish",
    "pipelines.cli.quality",
    "pipelines.cli.discovery",
    "pipelines.cli.taxonomy",  # after discovery: adds 'taxonomy propose'
    "pipelines.cli.bot",
    "pipelines.cli.airflow_quickstart",
    "pipelines.cli.governance",
)


def with_workdir(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``--workdir`` option every command that touches a deployment has."""
    parser.add_argument(
        "--workdir", help="work directory (default: $CONTACT_TOPICS_WORKDIR or ./work)"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contact-topics",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO (default), WARNING")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = with_workdir(sub.add_parser("demo", help="run everything on generated sample data"))
    demo.add_argument("--weeks", type=int, default=16)
    demo.add_argument("--per-week", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=42)
    demo.set_defaults(func=cmd_demo)

    gen = sub.add_parser("generate", help="write realistic sample council contact exports")
    gen.add_argument("--weeks", type=int, required=True)
    gen.add_argument("--per-week", type=int, required=True)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", required=True, help="folder for the export files")
    gen.add_argument("--start", help="first Monday, YYYY-MM-DD (default: recent weeks)")
    gen.add_argument("--truth-dir", help="folder for ground truth (default: OUT/../ground_truth)")
    gen.set_defaults(func=cmd_generate)

    ing = with_workdir(sub.add_parser("ingest", help="ingest export files into the warehouse"))
    ing.add_argument("paths", nargs="+", help="files, or folders of export files")
    ing.add_argument(
        "--mapping",
        help="mapping preset name or YAML file (default: CONTACT_TOPICS_MAPPING, else by name)",
    )
    ing.set_defaults(func=cmd_ingest)

    run = with_workdir(
        sub.add_parser("run", help="run the whole pipeline on landing/ or the given files")
    )
    run.add_argument("paths", nargs="*", help="files or folders to ingest (default: landing/)")
    run.add_argument("--as-of-date", help="build the marts as of this date (YYYY-MM-DD)")
    run.add_argument(
        "--source", help="mapping preset name or YAML file for every file (default: by file name)"
    )
    run.add_argument(
        "--topic-source",
        choices=TOPIC_SOURCES,
        help="where topics come from (default: $CONTACT_TOPICS_TOPIC_SOURCE or model)",
    )
    run.set_defaults(func=cmd_run)

    for module_name in CLI_PLUGINS:
        importlib.import_module(module_name).register(sub, with_workdir)
    return parser


# Commands that write to the work directory: each holds its lock (one writer at a time).
WRITING_COMMANDS = frozenset(
    {"run", "demo", "ingest", "train", "publish", "discover", "import-reviews", "taxonomy"}
)


def _writes(args: argparse.Namespace) -> bool:
    if getattr(args, "taxonomy_command", None) == "propose":
        return False  # reads a file, writes only to --output-dir
    return args.command in WRITING_COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"contact-topics: {exc}", file=sys.stderr)
        return 2
    _configure_logging(args.log_level or settings.log_level)
    try:
        if not _writes(args):
            return int(args.func(args))
        workdir = Path(getattr(args, "workdir", None) or settings.workdir)
        with workdir_lock(workdir):
            return int(args.func(args))
    except (SettingsError, FileNotFoundError, ValueError, RuntimeError) as exc:
        log.error("%s", exc)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
