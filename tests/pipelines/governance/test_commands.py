"""Every ``contact-topics governance`` command as a user types it, on one copy of the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.governance.council import TO_COMPLETE
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse
from tests.pipelines.governance.conftest import caller_refs


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_every_governance_command_from_the_command_line(
    demo_copy: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_ACTOR", "dpo.jane")
    work = ("--workdir", str(demo_copy.workdir))
    phone = max((n, ref) for ref, n in caller_refs(demo_copy.landing_dir).items()
                if ref.startswith("07"))[1]  # fmt: skip
    spoken = f"+44 {phone[1:5]} {phone[5:]}"
    with open_warehouse(demo_copy.warehouse_path, read_only=True) as con:
        stored = con.execute("select count(*) from raw.contacts").fetchall()[0][0]

    code, out = _run(capsys, "governance", "subject-access", *work, "--caller-id", spoken,
                     "--output", str(tmp_path / "sar.json"))  # fmt: skip
    contacts = len(json.loads((tmp_path / "sar.json").read_text())["contacts"])
    assert code == 0 and contacts >= 3
    assert f"for {contacts} contact(s) to {tmp_path / 'sar.json'}" in out

    code, out = _run(capsys, "governance", "erase", *work, "--caller-id", phone, "--dry-run")
    assert code == 0 and out.startswith(f"dry run: would remove {contacts} contact(s)")
    code, out = _run(capsys, "governance", "erase", *work, "--caller-id", "07000 000000")
    assert code == 0
    assert out.strip() == "no stored rows for that caller id: nothing to erase (0 rows)"
    code, out = _run(capsys, "governance", "erase", *work, "--caller-id", spoken)
    assert code == 0 and out.startswith(f"removed {contacts} contact(s)")
    with open_warehouse(demo_copy.warehouse_path, read_only=True) as con:
        left = con.execute("select count(*) from raw.contacts").fetchall()[0][0]
    assert stored - contacts <= left < stored  # every version of each of their contacts went

    code, out = _run(capsys, "governance", "retention", *work, "--dry-run")
    assert code == 0 and out.startswith("retention (dry run); periods in days: landing 30")

    code, out = _run(capsys, "governance", "atrs", *work, "--output", str(tmp_path / "a.md"),
                     "--json", str(tmp_path / "a.json"))  # fmt: skip
    to_complete = json.loads((tmp_path / "a.json").read_text())["to_complete"]
    assert code == 0 and f"fields for the council to complete: {len(to_complete)}" in out
    assert to_complete and (tmp_path / "a.md").read_text().count(TO_COMPLETE) >= len(to_complete)

    code, out = _run(capsys, "governance", "dpia", *work, "--output", str(tmp_path / "d.md"))
    assert code == 0 and (tmp_path / "d.md").is_file() and "items left for the council:" in out

    code, out = _run(capsys, "governance", "model-card", *work)
    assert code == 0 and out.startswith("# Model card")

    code, out = _run(capsys, "governance", "audit", *work)
    lines = [line for line in out.splitlines() if "dpo.jane" in line]
    assert [line.split()[3] for line in lines] == ["subject_access", "erasure", "erasure",
                                                   "erasure", "retention"]  # fmt: skip
    assert phone not in out and spoken not in out

    # bad input: a period of 0 days and a governance.yaml named but missing; nothing changes
    with open_warehouse(demo_copy.warehouse_path, read_only=True) as con:
        rejects = con.execute("select count(*) from raw.rejected_rows").fetchall()[0][0]
    monkeypatch.setenv("CONTACT_TOPICS_RETENTION_REJECTS_DAYS", "0")
    assert main(["governance", "retention", *work]) == 2
    assert "RETENTION_REJECTS_DAYS='0': expected a whole number >= 1" in capsys.readouterr().err
    monkeypatch.delenv("CONTACT_TOPICS_RETENTION_REJECTS_DAYS")
    code, _ = _run(capsys, "governance", "atrs", *work, "--config", str(tmp_path / "nope.yaml"),
                   "--output", str(tmp_path / "b.md"))  # fmt: skip
    assert code == 1 and not (tmp_path / "b.md").exists()
    assert "nope.yaml" in caplog.text
    code, out = _run(capsys, "governance", "audit", *work)
    assert [line.split()[3] for line in out.splitlines() if "dpo.jane" in line][-1] == "retention"
    with open_warehouse(demo_copy.warehouse_path, read_only=True) as con:
        assert con.execute("select count(*) from raw.rejected_rows").fetchall()[0][0] == rejects > 0
