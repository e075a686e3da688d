"""The sample-data generator: determinism, formats, realism and ground truth."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.generator import GenerateResult, GeneratorError, default_start, generate
from pipelines.ingest.conform import conform
from pipelines.ingest.mapping import detect_mapping, load_presets
from pipelines.ingest.readers import ROW
from pipelines.taxonomy import load_taxonomy

START = date(2026, 1, 5)  # a Monday: 14 weeks run into early April (council tax peak in March)
WEEKS = 14


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerateResult]:
    root = tmp_path_factory.mktemp("generated")
    result = generate(
        root / "landing", weeks=WEEKS, per_week=400, seed=42, start=START, bad_row_rate=0.004
    )
    return root, result


@pytest.fixture(scope="module")
def truth(sample: tuple[Path, GenerateResult]) -> pl.DataFrame:
    return pl.read_csv(sample[1].truth_path, infer_schema=False).with_columns(
        pl.col("^is_.*$").replace_strict({"true": True, "false": False}, return_dtype=pl.Boolean),
        pl.col("started_at_local").str.to_datetime("%Y-%m-%d %H:%M:%S"),
        pl.col("week_start").str.to_date(),
    )


def _read(path: Path) -> tuple[pl.DataFrame, int]:
    """(rows that parse, number of lines that are not valid JSON) for any generated file."""
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False), 0
    if path.suffix == ".parquet":
        return pl.read_parquet(path), 0
    records, broken = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            broken += 1
    return pl.from_dicts(records, infer_schema_length=None), broken


@pytest.fixture(scope="module")
def texts(sample: tuple[Path, GenerateResult]) -> pl.DataFrame:
    """(source_system, contact_id, text, caller_ref, wrap_up_code, file) of every parsed row."""
    frames = []
    for path in sample[1].files:
        preset = detect_mapping(path, load_presets())
        frame, _ = _read(path)
        frames.append(
            frame.select(
                pl.lit(preset.source_system).alias("source_system"),
                pl.col(preset.columns["contact_id"]).cast(pl.Utf8).alias("contact_id"),
                pl.col(preset.columns["text"]).cast(pl.Utf8).alias("text"),
                pl.col(preset.columns["caller_ref"]).cast(pl.Utf8).alias("caller_ref"),
                pl.col(preset.columns["wrap_up_code"]).cast(pl.Utf8).alias("wrap_up_code"),
                pl.col(preset.columns["updated_at"]).cast(pl.Utf8).alias("updated_at"),
                pl.lit(path.name).alias("file"),
            )
        )
    return pl.concat(frames)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        generate(tmp_path / name / "landing", weeks=2, per_week=150, seed=seed, start=START)
    first, again, other = (_digests(tmp_path / n) for n in "abc")
    assert len(first) == 8  # 2 weeks x 3 sources + 2 ground-truth files
    assert first == again
    assert first.keys() == other.keys()
    assert all(first[k] != other[k] for k in first)


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="Monday.*Tuesday"):
        generate(tmp_path, weeks=1, per_week=10, seed=1, start=date(2026, 1, 6))
    with pytest.raises(GeneratorError, match="weeks"):
        generate(tmp_path, weeks=0, per_week=10, seed=1, start=START)
    with pytest.raises(GeneratorError, match="bad_row_rate"):
        generate(tmp_path, weeks=1, per_week=10, seed=1, start=START, bad_row_rate=0.9)
    assert default_start(4, today=date(2026, 3, 5)) == date(2026, 2, 2)


def test_three_formats_per_week_readable_by_polars(sample: tuple[Path, GenerateResult]) -> None:
    root, result = sample
    names = sorted(p.name for p in (root / "landing").iterdir())
    for prefix, suffix in (("telephony", "csv"), ("webchat", "jsonl"), ("crm_cases", "parquet")):
        mine = [n for n in names if n.startswith(prefix + "_")]
        assert len(mine) == WEEKS, prefix
        assert all(n.endswith("." + suffix) for n in mine)
    assert "telephony_2026-W02.csv" in names and "crm_cases_2026-W15.parquet" in names
    rows = 0
    for path in result.files:
        frame, broken = _read(path)
        assert frame.height > 0
        rows += frame.height + broken
    assert rows == sum(result.rows.values())
    telephony, _ = _read(root / "landing" / "telephony_2026-W02.csv")
    assert telephony.get_column("Start Time").str.contains(r"^\d\d/\d\d/2026 \d\d:\d\d:\d\d$").all()
    chat, _ = _read(root / "landing" / "webchat_2026-W02.jsonl")
    assert chat.get_column("started").drop_nulls().str.contains(r"[+-]\d\d:\d\d$").mean() > 0.99
    crm = pl.read_parquet(root / "landing" / "crm_cases_2026-W02.parquet")
    assert crm.schema["created_on"] == pl.Datetime("us", "UTC")


def test_presets_map_every_column_and_conform_rejects_exactly_the_malformed_rows(
    sample: tuple[Path, GenerateResult], truth: pl.DataFrame
) -> None:
    presets = load_presets()
    rejected = 0
    for path in sample[1].files:
        preset = detect_mapping(path, presets)
        frame, broken = _read(path)
        assert set(frame.columns) == set(preset.columns.values()), path.name
        result = conform(frame.with_row_index(ROW, offset=1), preset, path.name)
        rejected += result.bad.height + broken
        assert set(result.good.get_column("outcome").unique()) - {"unknown"} <= {
            "resolved",
            "transferred",
            "escalated",
            "callback",
            "abandoned",
        }
        if preset.source_system == "crm":  # CRM's "Open" cases are the only unknown outcomes
            assert result.good.filter(pl.col("outcome") == "unknown").height < frame.height * 0.2
        else:
            assert (result.good.get_column("outcome") != "unknown").all(), path.name
    assert rejected == truth.get_column("is_malformed").sum() > 0


def test_every_topic_appears_and_the_emerging_topic_starts_midway_and_grows(
    truth: pl.DataFrame,
) -> None:
    topics = set(truth.get_column("topic_id").unique())
    assert set(load_taxonomy().ids) <= topics
    emerging = truth.filter(pl.col("is_emerging"))
    assert set(emerging.get_column("topic_id").unique()) == {"food_waste_caddies"}
    first_week = START.toordinal() + 7 * (WEEKS // 2)
    assert min(d.toordinal() for d in emerging.get_column("week_start")) == first_week
    weekly = emerging.group_by("week_start").len().sort("week_start").get_column("len")
    assert weekly[-1] > 3 * weekly[0]


def test_weekly_pattern_and_office_hours(truth: pl.DataFrame) -> None:
    phone = truth.filter(pl.col("channel") == "phone")
    day = pl.col("started_at_local").dt.weekday()
    assert phone.filter(day >= 6).height == 0  # phone lines shut at weekends
    local = pl.col("started_at_local")
    minutes = local.dt.hour().cast(pl.Int32) * 60 + local.dt.minute().cast(pl.Int32)
    assert phone.filter((minutes < 8 * 60 + 30) | (minutes >= 17 * 60 + 30)).height == 0
    by_day = dict(truth.group_by(day.alias("d")).len().rows())
    assert by_day[1] > 1.3 * by_day[5] > by_day[6]  # Monday busiest, Saturday quiet
    assert by_day.get(6, 0) > 0  # but email, forms and the app never close


def test_seasonal_patterns(truth: pl.DataFrame) -> None:
    month = pl.col("started_at_local").dt.month()

    def share(topic: str, months: list[int]) -> float:
        scope = truth.filter(month.is_in(months))
        return scope.filter(pl.col("topic_id") == topic).height / scope.height

    assert share("council_tax_bill", [3]) > 1.6 * share("council_tax_bill", [1])
    assert share("garden_waste", [3]) > 2.5 * share("garden_waste", [1])
    assert share("noise_nuisance", [1]) < share("damp_mould", [1])  # winter: damp, not noise
    weekly = (
        truth.filter(pl.col("topic_id") == "council_tax_bill")
        .group_by("week_start")
        .len()
        .sort("len", descending=True)
    )
    assert weekly.get_column("week_start")[0].month == 3  # annual bills land in March


def test_handle_times_and_outcomes_differ_by_topic(
    sample: tuple[Path, GenerateResult], truth: pl.DataFrame
) -> None:
    preset = next(p for p in load_presets() if p.name == "council_telephony")
    calls = (
        pl.concat([_read(p)[0] for p in sample[1].files if p.suffix == ".csv"])
        .join(
            truth.filter(pl.col("source_system") == "telephony"),
            left_on=preset.columns["contact_id"],
            right_on="contact_id",
        )
        .with_columns(pl.col(preset.columns["handle_seconds"]).cast(pl.Int64).alias("handle"))
    )
    median = dict(calls.group_by("topic_id").agg(pl.col("handle").median()).rows())
    assert median["homelessness"] > 2 * median["council_tax_bill"]
    escalated = (
        calls.with_columns(pl.col("Disposition").str.contains("Escalated|Referred").alias("esc"))
        .group_by("topic_id")
        .agg(pl.col("esc").mean())
    )
    rate = dict(escalated.rows())
    assert rate["homelessness"] > 0.3 > 0.05 > rate["council_tax_bill"]


def test_personal_data_is_planted_in_raw_text(
    sample: tuple[Path, GenerateResult], texts: pl.DataFrame
) -> None:
    planted = pl.read_csv(sample[1].personal_data_path, infer_schema=False)
    assert set(planted.get_column("kind").unique()) >= {
        "name",
        "phone",
        "email",
        "postcode",
        "account_ref",
        "ni_number",
        "vehicle_reg",
        "case_ref",
    }
    by_contact = {
        (s, c): t for s, c, t in texts.select("source_system", "contact_id", "text").rows() if t
    }
    checked = 0
    for source, contact, kind, value in planted.select(
        "source_system", "contact_id", "kind", "value"
    ).rows():
        text = by_contact.get((source, contact))
        if text is not None:  # None: the row's id was blanked as a malformed row
            assert value in text, (kind, value, text)
            checked += 1
    assert checked > 0.99 * planted.height
    with_pd = planted.select("source_system", "contact_id").unique().height
    assert 0.2 < with_pd / len(by_contact) < 0.7
    phones = planted.filter(pl.col("kind") == "phone").get_column("value")
    assert phones.str.contains(" ").any() and phones.str.starts_with("+44").any()


def test_duplicates_and_corrections_are_in_the_files_and_in_truth(
    texts: pl.DataFrame, truth: pl.DataFrame
) -> None:
    rows = texts.filter(pl.col("contact_id").is_not_null())
    per_file = rows.group_by("source_system", "contact_id", "file").len()
    duplicated = per_file.filter(pl.col("len") > 1)
    marked = truth.filter(pl.col("is_duplicate"))
    assert duplicated.height == marked.height > 0
    dup_rows = rows.join(duplicated, on=["source_system", "contact_id", "file"])
    assert dup_rows.unique().height == duplicated.height  # exact copies
    files = rows.group_by("source_system", "contact_id").agg(pl.col("file").n_unique().alias("n"))
    corrected = files.filter(pl.col("n") > 1)
    assert corrected.height == truth.filter(pl.col("is_correction")).height > 0
    versions = rows.join(corrected, on=["source_system", "contact_id"]).sort("file")
    for _, group in versions.group_by("source_system", "contact_id"):
        first, last = group.row(0, named=True), group.row(-1, named=True)
        assert first["file"] < last["file"]
        assert first["updated_at"] != last["updated_at"]


def test_wrap_codes_mostly_right_on_phone_and_rarer_elsewhere(
    texts: pl.DataFrame, truth: pl.DataFrame
) -> None:
    taxonomy = load_taxonomy()
    joined = texts.unique(["source_system", "contact_id"], keep="first").join(
        truth, on=["source_system", "contact_id"]
    )
    present = joined.group_by("source_system").agg(pl.col("wrap_up_code").is_not_null().mean())
    share = dict(present.rows())
    assert share["telephony"] > 0.85 > 0.6 > share["webchat"]
    coded = joined.filter(pl.col("wrap_up_code").is_not_null() & ~pl.col("is_emerging"))
    mapped = [taxonomy.topic_for_code(c) for c in coded.get_column("wrap_up_code").to_list()]
    agree = sum(m == t for m, t in zip(mapped, coded.get_column("topic_id"), strict=True))
    assert 0.9 < agree / coded.height < 0.99  # agents make a few mistakes


def test_repeat_contacts_and_vulnerable_residents(texts: pl.DataFrame, truth: pl.DataFrame) -> None:
    joined = texts.unique(["source_system", "contact_id"], keep="first").join(
        truth, on=["source_system", "contact_id"]
    )
    repeats = joined.filter(pl.col("is_repeat"))
    assert repeats.height > 0
    by_topic = dict(truth.group_by("topic_id").agg(pl.col("is_repeat").mean()).rows())
    assert by_topic["missed_bin"] > 2 * by_topic["bin_collection_day"]
    # A repeat reaches the same source with the same caller within 7 days of an earlier contact.
    calls = joined.filter(pl.col("caller_ref").is_not_null()).sort("started_at_local")
    gaps = calls.with_columns(
        (pl.col("started_at_local").diff().over("source_system", "caller_ref", "topic_id")).alias(
            "gap"
        )
    )
    seen = gaps.filter(pl.col("is_repeat") & pl.col("gap").is_not_null())
    assert seen.height > 0.8 * repeats.filter(pl.col("caller_ref").is_not_null()).height
    assert seen.select((pl.col("gap").dt.total_days() <= 7).mean()).item() > 0.95
    vulnerable = joined.filter(pl.col("is_vulnerable"))
    share = dict(truth.group_by("topic_id").agg(pl.col("is_vulnerable").mean()).rows())
    assert share["homelessness"] > 0.25 > 0.05 > share["bin_collection_day"]
    markers = (
        "cope",
        "hit me",
        "bailiffs",
        "sofa surfing",
        "prepayment meter",
        "disclosed",
        "PPM",
        "distressed",
        "tearful",
        "eaten",
        "housebound",
        "hospital",
        "struggling",
        "scared",
        "dark thoughts",
        "no money",
        "no food",
        "bereaved",
        "MH issues",
        "disabled",
    )
    missing = [
        t for t in vulnerable.get_column("text") if not any(m.lower() in t.lower() for m in markers)
    ]
    assert not missing


def test_texts_are_varied_not_templated(texts: pl.DataFrame, truth: pl.DataFrame) -> None:
    joined = (
        texts.unique(["source_system", "contact_id"], keep="first")
        .join(truth, on=["source_system", "contact_id"])
        .filter(pl.col("text").is_not_null())
    )
    missed = joined.filter(pl.col("topic_id") == "missed_bin").get_column("text")
    assert missed.n_unique() > 0.95 * missed.len()
    assert missed.str.len_chars().std() > 20
    started = datetime(2026, 1, 5)
    assert joined.filter(pl.col("started_at_local") >= started).height == joined.height


def test_crm_export_has_no_time_after_the_extract_was_taken(
    sample: tuple[Path, GenerateResult],
) -> None:
    """Cases that would close after the period ends are exported open, not closed in the future."""
    exported_at = datetime(2026, 4, 13)  # START + WEEKS, local time
    crm = pl.concat(
        [pl.read_parquet(path) for path in sample[1].files if path.suffix == ".parquet"],
        how="diagonal_relaxed",
    ).with_columns(
        pl.col("created_on", "closed_on", "modified_on")
        .dt.convert_time_zone("Europe/London")
        .dt.replace_time_zone(None)
    )
    assert crm["closed_on"].max() <= exported_at
    assert crm["modified_on"].max() <= exported_at
    last_week = crm.filter(pl.col("created_on") >= datetime(2026, 4, 6))
    assert last_week.height > 0
    assert last_week["closed_on"].null_count() > 0  # some of its cases are still open
