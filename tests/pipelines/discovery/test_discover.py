"""Topic discovery on texts: determinism, noise, labels, the CLI, and Banking77 held-out intents."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.discovery.cluster import DiscoveryError, discover, strip_boilerplate
from pipelines.discovery.evaluate import score_banking77
from pipelines.taxonomy import (
    DEFAULT_TAXONOMY_PATH,
    TaxonomyError,
    Topic,
    append_topic,
    load_taxonomy,
)
from tests.conftest import SHARED_DATA

BANKING77 = SHARED_DATA / "banking77" / "train.csv"
needs_banking77 = pytest.mark.skipif(
    not BANKING77.exists(), reason=f"Banking77 not found at {BANKING77} (../shared/data)"
)
THEMES = {
    "caddy": (
        [
            "we haven't had our new food waste caddy",
            "where do i get liners for the food caddy",
            "the kitchen caddy for food waste didn't come",
            "what goes in the new food waste caddy",
            "my food caddy was not delivered",
        ],
        ["all the neighbours have one", "we live in a flat", "the letter said this week",
         "can i use carrier bags", "it is too small", "the lid is broken"],
    ),
    "parking": (
        [
            "how do i renew my residents parking permit",
            "my parking permit has expired",
            "apply for a visitor parking permit",
            "parking permit renewal for my street",
            "i need a new parking permit for my car",
        ],
        ["i moved house last month", "the website will not load", "we have two cars",
         "my partner has a blue badge", "the zone changed", "it runs out on friday"],
    ),
}  # fmt: skip


def _themed_texts() -> tuple[list[str], list[str]]:
    """Every phrasing with every detail of its theme (30 texts a theme), interleaved."""
    texts, truth = [], []
    for i in range(6):
        for theme, (phrasings, details) in THEMES.items():
            for j, phrasing in enumerate(phrasings):
                texts.append(f"{phrasing}, {details[(i + j) % len(details)]}")
                truth.append(theme)
    return texts, truth


def test_themes_are_found_labelled_and_deterministic() -> None:
    texts, truth = _themed_texts()
    texts += ["", None, "[NAME] [PHONE]"]  # type: ignore[list-item]
    first = discover(texts, min_cluster_size=5, seed=3)
    again = discover(texts, min_cluster_size=5, seed=3)
    assert first.assignments == again.assignments
    assert [(c.label, c.size, c.representatives) for c in first.clusters] == [
        (c.label, c.size, c.representatives) for c in again.clusters
    ]
    assert len(first.clusters) == 2
    assert first.assignments[-3:] == [None, None, None]  # nothing to cluster in these
    for cluster in first.clusters:
        themes = {truth[m] for m in cluster.members}
        assert len(themes) == 1 and cluster.size == 30
        word = "caddy" if themes == {"caddy"} else "parking"
        assert word in cluster.label
        assert 1 <= len(cluster.representatives) <= 5
        assert 0.0 < cluster.cohesion <= 1.0
        assert [c.cluster_id for c in first.clusters] == [0, 1]


def test_small_incoherent_groups_stay_noise() -> None:
    texts, _ = _themed_texts()
    odd = ["the lamp post outside is flickering", "noise from the pub last night"]
    result = discover(texts + odd, min_cluster_size=5, seed=0)
    assert result.assignments[-2:] == [None, None]
    assert 0 < result.noise_share < 0.05


def test_representatives_only_from_representable_texts() -> None:
    texts, truth = _themed_texts()
    allowed = [i % 2 == 0 for i in range(len(texts))]
    result = discover(texts, min_cluster_size=5, seed=0, representable=allowed)
    shown = {text for cluster in result.clusters for text in cluster.representatives}
    assert shown and shown <= {t for t, ok in zip(texts, allowed, strict=True) if ok}


def test_context_lets_a_theme_thin_this_week_form_but_is_never_assigned() -> None:
    """4 caddy texts this week are too few alone; with last weeks' 26 they form a theme."""
    texts, truth = _themed_texts()
    caddy = [t for t, theme in zip(texts, truth, strict=True) if theme == "caddy"]
    parking = [t for t, theme in zip(texts, truth, strict=True) if theme == "parking"]
    this_week = caddy[:4] + ["the lamp post outside is flickering"]
    context = caddy[4:] + parking
    alone = discover(this_week, min_cluster_size=10, seed=0)
    assert alone.clusters == [] and alone.assignments == [None] * 5
    result = discover(this_week, min_cluster_size=10, seed=0, context=context)
    assert len(result.assignments) == len(this_week)  # context rows get no assignment
    assert result.assignments[:4] == [0, 0, 0, 0] and result.assignments[4] is None
    [cluster] = result.clusters  # parking: no text this week, not reported
    assert cluster.size == 4 and cluster.members == (0, 1, 2, 3)
    assert "caddy" in cluster.label
    assert set(cluster.representatives) <= set(this_week[:4])


def test_boilerplate_lines_and_speaker_labels_are_removed() -> None:
    chat = "Visitor: {}\nAgent: Thanks for contacting us, how can I help today?"
    texts = [chat.format(f"question {i} about bins") for i in range(12)]
    cleaned = strip_boilerplate(texts)
    assert cleaned[0] == "question 0 about bins"


def test_min_cluster_size_below_two_is_refused() -> None:
    with pytest.raises(DiscoveryError, match="at least 2"):
        discover(["a b", "c d"], min_cluster_size=1)


def test_cli_writes_clusters_and_assignments(tmp_path: Path) -> None:
    texts, _ = _themed_texts()
    source = tmp_path / "texts.csv"
    pl.DataFrame({"id": list(range(len(texts))), "body": texts}).write_csv(source)
    out = tmp_path / "out"
    argv = ["discover", "--input", str(source), "--text-column", "body", "--output-dir", str(out)]
    assert main([*argv, "--min-cluster-size", "5"]) == 0
    with (out / "clusters.csv").open(newline="") as handle:
        clusters = list(csv.DictReader(handle))
    assert [row["cluster_id"] for row in clusters] == ["0", "1"]
    assert set(clusters[0]) == {"cluster_id", "size", "label", "representative_texts", "cohesion"}
    assignments = pl.read_csv(out / "assignments.csv")
    assert assignments.columns == ["id", "body", "cluster_id"]
    assert assignments.height == len(texts)
    assert assignments.get_column("cluster_id").null_count() == 0
    assert main([*argv[:2], str(tmp_path / "missing.csv"), *argv[3:]]) == 1


def test_append_topic_keeps_the_file_and_restores_it_on_error(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    original = path.read_text(encoding="utf-8")
    new = Topic(
        id="food_waste_caddies",
        name="Food waste caddies",
        service_area="Waste: recycling",
        lgsl=None,
        description="New caddies; liners, 'bags' and # signs",
        safeguarding=False,
        examples=("what goes in the caddy? | liners",),
        promoted_from="E0007",
        promoted_by="tester",
        promoted_at="2026-03-02T06:00:00+00:00",
    )
    taxonomy = append_topic(path, new)
    assert path.read_text(encoding="utf-8").startswith(original)  # comments and order kept
    assert taxonomy.by_id["food_waste_caddies"] == new
    assert load_taxonomy(path).ids == [*load_taxonomy(DEFAULT_TAXONOMY_PATH).ids, new.id]
    grown = path.read_text(encoding="utf-8")
    clash = Topic(**{**new.__dict__, "id": "caddies_again", "wrap_up_codes": ("ctax-bill",)})
    with pytest.raises(TaxonomyError, match="mapped to two topics"):
        append_topic(path, clash)
    with pytest.raises(TaxonomyError, match="already exists"):
        append_topic(path, new)
    assert path.read_text(encoding="utf-8") == grown


@needs_banking77
def test_banking77_heldout_intents_are_rediscovered() -> None:
    """17 intents the classifier never saw: NMI, ARI and intents recovered against floors.

    Measured (docs/discovery.md): seeds 0-4 give NMI 0.763 / 0.774 / 0.735 / 0.752 / 0.770,
    ARI 0.52-0.62, 9-12 of 17 intents recovered, noise 1-4%. The floors sit under the weakest
    of those seeds (NMI 0.70, ARI 0.45, 8 intents, noise 15%), above the 0.55-0.65 NMI of
    published unsupervised baselines; seed 0 (0.763, 9 intents) is the one tested.
    """
    score = score_banking77(BANKING77, seed=0)
    assert score.nmi >= 0.70, score.summary()
    assert score.ari >= 0.45, score.summary()
    assert score.intents_recovered >= 8, score.summary()
    assert score.noise_share <= 0.15, score.summary()
