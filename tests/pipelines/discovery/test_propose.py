"""taxonomy propose: determinism, the files written, redaction, bad input, the CLI, Banking77."""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl
import pytest
import yaml
from sklearn.metrics import normalized_mutual_info_score

from pipelines.cli.main import main
from pipelines.discovery.proposal_files import write_proposal
from pipelines.discovery.propose import ProposeError, propose_taxonomy
from pipelines.discovery.propose_eval import banking77_halves, generated_contacts, recovered
from pipelines.taxonomy import load_taxonomy
from tests.conftest import SHARED_DATA

BANKING77 = SHARED_DATA / "banking77" / "train.csv"
PHONE = "07700 900123"
EMAIL = "jo.bloggs@example.com"


@pytest.fixture(scope="module")
def contacts(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    frame = generated_contacts(tmp_path_factory.mktemp("gen"), weeks=1, per_week=1500, seed=5)
    extra = pl.DataFrame(
        {
            "contact_id": ["X1"],
            "text": [f"my bin was not collected, call me on {PHONE} or {EMAIL}"],
            "topic_id": ["missed_bin"],
        }
    )
    return pl.concat([frame, extra])


def test_same_seed_gives_the_same_proposal(contacts: pl.DataFrame) -> None:
    texts = contacts.get_column("text").to_list()
    first = propose_taxonomy(texts, seed=3)
    second = propose_taxonomy(texts, seed=3)
    assert first.assignments == second.assignments
    assert [t.topic_id for t in first.topics] == [t.topic_id for t in second.topics]
    assert [t.examples for t in first.topics] == [t.examples for t in second.topics]


def test_proposal_groups_generated_topics_without_being_told_how_many(
    contacts: pl.DataFrame,
) -> None:
    texts = contacts.get_column("text").to_list()
    truth = contacts.get_column("topic_id").to_list()
    proposal = propose_taxonomy(texts, seed=0)
    assigned = ["-" if a is None else a for a in proposal.assignments]
    nmi = normalized_mutual_info_score(truth, assigned)
    # measured 0.69 on 5,800 generated contacts (docs/taxonomy.md); floor below that
    assert nmi >= 0.6, nmi
    assert proposal.unassigned_share <= 0.15
    assert 5 <= len(proposal.topics) <= 150
    assert sum(t.size for t in proposal.topics) + sum(proposal.unassigned.values()) == len(texts)
    for topic in proposal.topics:
        assert 1 <= len(topic.examples) <= 10, topic
        assert topic.size >= 5
    safeguarding = load_taxonomy().safeguarding_ids()
    marked = [t for t in proposal.topics if t.safeguarding]
    assert marked, "no proposed topic marked safeguarding"
    for topic in marked:  # each marked topic is mostly a safeguarding topic's contacts
        majority = max(
            set(truth[m] for m in topic.members), key=[truth[m] for m in topic.members].count
        )
        assert majority in safeguarding, (topic.topic_id, majority)


def test_files_are_written_redacted_and_the_taxonomy_loads(
    contacts: pl.DataFrame, tmp_path: Path
) -> None:
    texts = contacts.get_column("text").to_list()
    proposal = propose_taxonomy(texts, seed=0)
    paths = write_proposal(proposal, tmp_path / "out", source="x.csv", text_column="text", seed=0)
    taxonomy = load_taxonomy(paths["taxonomy"])
    assert taxonomy.ids == [t.topic_id for t in proposal.topics]
    raw = yaml.safe_load(paths["taxonomy"].read_text())
    assert raw["proposal"]["k"] == proposal.chosen_k
    assert all(len(t.get("examples", [])) >= 5 or t["size"] < 50 for t in raw["topics"])
    assignments = pl.read_csv(paths["assignments"], infer_schema=False)
    assert assignments.height == len(texts)
    assert assignments.columns == ["row", "text", "proposed_topic_id", "proposed_topic_name"]
    assert set(assignments.get_column("proposed_topic_id").drop_nulls()) == set(taxonomy.ids)
    for path in paths.values():
        content = path.read_text()
        assert PHONE not in content and EMAIL not in content, path
    last = assignments.row(assignments.height - 1, named=True)["text"]
    assert "[PHONE]" in last and "[EMAIL]" in last
    page = paths["review"].read_text()
    for topic in proposal.topics:
        assert topic.topic_id in page
    merges = [t for t in proposal.topics if t.merge_candidates]
    assert page.count("<span class='tag'>merge candidate</span>") == len(merges)


def test_bad_input_gets_a_clear_message() -> None:
    with pytest.raises(ProposeError, match="all 30 texts are empty"):
        propose_taxonomy(["", "   ", None] * 10)
    with pytest.raises(ProposeError, match="too few for at least 10 topics"):
        propose_taxonomy(
            [f"my bin was not collected on street {i}" for i in range(20)], min_topics=10
        )
    with pytest.raises(ProposeError, match="min_topics <= max_topics"):
        propose_taxonomy(["a b c"] * 50, min_topics=10, max_topics=5)


def test_texts_in_another_script_are_noted() -> None:
    english = [f"my bin was not collected again on road {i} please help" for i in range(40)]
    english += [f"how do i pay my council tax bill number {i} online" for i in range(40)]
    other = [f"мой мусор не вывезли опять улица {i}" for i in range(20)]
    proposal = propose_taxonomy(english + other, min_topics=2, max_topics=10)
    assert any("non-Latin script" in note and "20 of 100" in note for note in proposal.notes)


def test_cli_propose_writes_the_files(contacts: pl.DataFrame, tmp_path: Path) -> None:
    source = tmp_path / "texts.csv"
    contacts.write_csv(source)
    out = tmp_path / "proposal"
    code = main(
        ["taxonomy", "propose", "--input", str(source), "--text-column", "text",
         "--output-dir", str(out), "--max-topics", "60"]
    )  # fmt: skip
    assert code == 0
    assert len(load_taxonomy(out / "taxonomy.yaml").topics) <= 60
    assert (out / "review.html").read_text().startswith("<!doctype html>")


def test_cli_propose_names_a_missing_column(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "texts.csv"
    source.write_text("body\nhello there\n")
    with caplog.at_level(logging.ERROR):
        code = main(
            ["taxonomy", "propose", "--input", str(source), "--text-column", "text",
             "--output-dir", str(tmp_path / "o")]
        )  # fmt: skip
    assert code == 1
    assert "no column 'text'" in caplog.text and "body" in caplog.text


def test_reviewed_proposal_trains_a_first_model(contacts: pl.DataFrame, tmp_path: Path) -> None:
    """The cold-start walk-through of docs/discovery.md: propose, then train on the labels."""
    source = tmp_path / "texts.csv"
    contacts.write_csv(source)
    out = tmp_path / "proposal"
    args = ["--input", str(source), "--text-column", "text", "--output-dir", str(out)]
    assert main(["taxonomy", "propose", *args]) == 0
    code = main(
        ["train", "--input", str(out / "assignments.csv"), "--text-column", "text",
         "--label-column", "proposed_topic_id", "--model-dir", str(tmp_path / "model"),
         "--workdir", str(tmp_path / "work")]
    )  # fmt: skip
    assert code == 0
    assert any((tmp_path / "model").iterdir())


@pytest.mark.slow
@pytest.mark.skipif(not BANKING77.exists(), reason=f"Banking77 not found at {BANKING77}")
def test_banking77_test_half_blind() -> None:
    texts, truth = banking77_halves(BANKING77)["test"]
    proposal = propose_taxonomy(texts, seed=0)
    assigned = ["-" if a is None else a for a in proposal.assignments]
    nmi = normalized_mutual_info_score(truth, assigned)
    # measured NMI 0.647, 78 topics, 13 intents recovered on this half (docs/taxonomy.md);
    # the 0.75 is not reached
    assert nmi >= 0.55, nmi
    assert 50 <= len(proposal.topics) <= 110
    assert proposal.unassigned_share <= 0.15
    assert recovered(truth, proposal.assignments) >= 3
