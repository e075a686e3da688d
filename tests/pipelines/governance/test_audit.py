"""The audit log: a row for each governed action, none lost, no identifier in it."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

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
from pipelines.warehouse import open_warehouse
from tests.pipelines.governance.conftest import caller_refs


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


def test_every_governed_action_adds_a_row(demo_copy: Settings, tmp_path: Path) -> None:
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

    train_from_warehouse(settings)  # promoted or refused: either is a row
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
    assert seen >= set(ACTIONS) - {"model_refused"} or seen >= set(ACTIONS) - {"model_promoted"}
    by_action = {action: [(o, d) for a, o, d in log if a == action] for action in seen}
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
    assert {r["actor"] for r in read_audit(settings).iter_rows(named=True)} >= {"test-dpo"}


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
