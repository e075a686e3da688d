"""The audit log: a row for each governed action, none lost, no identifier in it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.discovery.promote import promote_cluster
from pipelines.governance.audit import ACTIONS, read_audit
from pipelines.governance.erasure import erase
from pipelines.governance.retention import apply_retention
from pipelines.governance.subject_access import subject_access
from pipelines.settings import Settings
from pipelines.steps import load_reference_data
from pipelines.taxonomy import DEFAULT_TAXONOMY_PATH
from pipelines.topics import classify_contacts, import_reviews, train_from_warehouse
from pipelines.topics.registry import current_model_folder
from pipelines.topics.step import labelled_contacts
from pipelines.topics.store import ROWS_FILE, row_hashes
from pipelines.warehouse import open_warehouse
from tests.pipelines.governance.conftest import caller_refs
from tests.pipelines.topics.test_classify import council_texts


def _log(settings: Settings) -> list[tuple[str, str | None, dict]]:
    frame = read_audit(settings)
    return [
        (r["action"], r["object"], json.loads(r["details"])) for r in frame.iter_rows(named=True)
    ]


def _reviews(path: Path, contact_id: str, topic: str) -> Path:
    path.write_text(f"source_system,contact_id,topic_id\ntelephony,{contact_id},{topic}\n")
    return path


def _a_cluster(settings: Settings) -> str:
    """A discovered theme with members, as the weekly discovery step records one."""
    with open_warehouse(settings.warehouse_path) as con:
        members = con.execute(
            "select source_system, contact_id from raw.contacts order by contact_id limit 12"
        ).fetchall()
        con.execute(
            "insert into ml.discovery_cluster_weeks values "
            "(date '2026-03-16', 'c-test', 12, 'parking permit', 0.8, 'steady', 'permit | bay')"
        )
        for source, contact in members:
            con.execute(
                "insert into ml.discovery_assignments values (?, ?, date '2026-03-16', 'c-test')",
                [source, contact],
            )
    return "c-test"


def _labelled_file(path: Path) -> Path:
    texts, labels = council_texts(60, seed=1)
    pl.DataFrame({"words": texts, "topic": labels}).write_csv(path)
    return path


def _train_from_file(workdir: Path, data: Path, model_dir: Path) -> int:
    return main(["train", "--input", str(data), "--text-column", "words", "--label-column",
                 "topic", "--model-dir", str(model_dir), "--workdir", str(workdir)])  # fmt: skip


def _current_model_saw_everything(settings: Settings) -> None:
    """The model in use was fitted on every labelled contact (its training_rows.npy says so), as
    after a retraining on the same data: a challenger has no new held-out text to be compared
    on, so it is refused."""
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        data = labelled_contacts(con)
    hashes = row_hashes(data.get_column("text").to_list(), data.get_column("topic_id").to_list())
    np.save(current_model_folder(settings.models_dir) / ROWS_FILE, hashes, allow_pickle=False)


def test_every_governed_action_adds_a_row(
    demo_copy: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = demo_copy
    # the demo run wrote its own rows
    actions = [action for action, _, _ in _log(settings)]
    for expected in ("settings_fingerprint", "taxonomy_changed", "model_promoted",
                     "threshold_changed"):  # fmt: skip
        assert expected in actions, expected

    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        contact = con.execute(
            "select contact_id from raw.contacts where source_system = 'telephony' limit 1"
        ).fetchall()[0][0]
    # a correction, then a second one for the same contact: latest wins, none lost
    import_reviews(settings, _reviews(tmp_path / "first.csv", contact, "fly_tipping"))
    import_reviews(settings, _reviews(tmp_path / "second.csv", contact, "bulky_waste"))
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        latest = con.execute(
            "select topic_id from ml.reviewed_topics where contact_id = ?", [contact]
        ).fetchall()
        history = con.execute(
            "select topic_id from ml.reviewed_topics_history where contact_id = ? "
            "order by reviewed_at",
            [contact],
        ).fetchall()
    assert latest == [("bulky_waste",)]
    assert history == [("fly_tipping",), ("bulky_waste",)]

    _current_model_saw_everything(settings)
    in_use = current_model_folder(settings.models_dir).name
    refused = train_from_warehouse(settings)
    assert not refused.decision.promoted and "only 0 of" in refused.decision.reason
    assert current_model_folder(settings.models_dir).name == in_use
    # a model trained from a file (contact-topics train --input) is recorded too
    monkeypatch.setenv("CONTACT_TOPICS_ACTOR", "analyst.sam")
    data = _labelled_file(tmp_path / "labelled.csv")
    assert _train_from_file(settings.workdir, data, tmp_path / "file-model") == 0
    file_model = json.loads((tmp_path / "file-model" / "model.json").read_text())
    classify_contacts(replace(settings, confidence_threshold=0.61))

    taxonomy = tmp_path / "taxonomy.yaml"
    shutil.copy(DEFAULT_TAXONOMY_PATH, taxonomy)
    settings = replace(settings, taxonomy_file=taxonomy)
    promote_cluster(settings, _a_cluster(settings), topic_id="permit_bays", name="Permit bays")
    load_reference_data(settings)  # the edited taxonomy is seen by the next run

    phone = max((n, ref) for ref, n in caller_refs(settings.landing_dir).items()
                if ref.startswith("07"))[1]  # fmt: skip
    subject_access(settings, phone, tmp_path / "sar.json")
    erase(settings, phone)
    apply_retention(settings, dry_run=True)

    log = _log(settings)
    seen = {action for action, _, _ in log}
    assert seen == set(ACTIONS)  # every action there is, each one at least once
    by_action = {action: [(o, d) for a, o, d in log if a == action] for action in seen}
    assert [o for o, _ in by_action["model_promoted"]] == [in_use]  # the demo run's model
    refusal = by_action["model_refused"]
    assert [o for o, _ in refusal] == [refused.model.version]
    assert refusal[0][1]["reason"] == refused.decision.reason
    assert refusal[0][1]["previous_version"] == in_use
    [(version, trained)] = by_action["model_trained"]
    assert version == file_model["version"]
    assert trained["input_file"] == "labelled.csv" and trained["made_current"] is False
    assert trained["input_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert trained["n_train"] == file_model["n_train"] > 0
    assert trained["macro_f1"] == file_model["metrics"]["macro_f1"]
    assert trained["threshold"] == file_model["threshold"]
    assert trained["model_dir"] == str((tmp_path / "file-model").resolve())
    imports = by_action["reviewed_labels_imported"]
    assert [o for o, _ in imports] == ["first.csv", "second.csv"]
    assert imports[1][1]["earlier_corrections_superseded"] == 1
    threshold = by_action["threshold_changed"][-1][1]
    assert threshold["threshold"] == 0.61 and threshold["previous_threshold"] != 0.61
    assert by_action["taxonomy_promoted"][0][0] == "permit_bays"
    assert len(by_action["taxonomy_changed"]) == 2  # the packaged file, then the edited copy
    assert len(by_action["settings_fingerprint"]) == 2
    erased = by_action["erasure"][0][1]
    assert erased["contacts"] >= 3 and erased["dry_run"] is False

    # no identifier, pseudonym or resident text anywhere in the log
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        pseudonyms = [r[0] for r in con.execute(
            "select distinct caller_pseudonym from raw.contacts where caller_pseudonym is not null"
        ).fetchall()]  # fmt: skip
        raw_log = " ".join(str(r) for r in con.execute("select * from ops.audit_log").fetchall())
    assert phone not in raw_log and not any(p in raw_log for p in pseudonyms)
    actors = {r["action"]: r["actor"] for r in read_audit(settings).iter_rows(named=True)}
    assert actors["erasure"] == "test-dpo" and actors["model_trained"] == "analyst.sam"


def test_training_from_a_file_while_the_warehouse_is_busy_writes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Another process holds the deployment's warehouse: the model could not be recorded, so it
    is not trained or written (the command stops with the warehouse's "in use" error)."""
    work = tmp_path / "work"
    warehouse = Settings.from_env(workdir=work).warehouse_path
    with open_warehouse(warehouse):
        pass  # the deployment's warehouse, with an empty audit log
    data = _labelled_file(tmp_path / "labelled.csv")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(120)", str(warehouse)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        assert _train_from_file(work, data, tmp_path / "model") == 1
    finally:
        holder.kill()
        holder.wait()
    assert "in use by another process" in caplog.text
    assert not (tmp_path / "model").exists()
    assert read_audit(Settings.from_env(workdir=work)).height == 0


def test_audit_log_is_append_only_in_the_code() -> None:
    """No statement in the package updates or deletes ops.audit_log."""
    root = Path(__file__).resolve().parents[3] / "pipelines"
    for path in root.rglob("*.py"):
        text = path.read_text().lower()
        for verb in ("update ops.audit_log", "delete from ops.audit_log", "drop table ops.audit"):
            assert verb not in text, f"{path}: {verb}"


def test_audit_command_prints_rows_since_a_date(
    demo_workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = datetime.now(UTC).date()
    assert main(["governance", "audit", "--workdir", str(demo_workdir),
                 "--since", today.isoformat()]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "settings_fingerprint" in out and "model_promoted" in out
    assert main(["governance", "audit", "--workdir", str(demo_workdir),
                 "--since", date(today.year + 1, 1, 1).isoformat()]) == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == "no audit rows"
