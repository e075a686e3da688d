"""The scoring of benchmarks/trend_eval.py on hand-made flags (no dbt run: the script itself
runs the real models; this checks that what it reports is what it claims to count)."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import REPO_ROOT


def _trend_eval():
    spec = importlib.util.spec_from_file_location(
        "trend_eval", REPO_ROOT / "benchmarks" / "trend_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["trend_eval"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


te = _trend_eval()


def test_injected_event_shapes() -> None:
    surge = te.Topic("s", "surge4", 80, start=30, size=4.0)
    assert [te.multiplier(surge, w) for w in (29, 30, 33, 34)] == [1.0, 4.0, 4.0, 1.0]
    rise = te.Topic("r", "slow_rise", 80, start=30)
    assert te.multiplier(rise, 29) == 1.0 and te.multiplier(rise, 33) == 1.75
    assert te.multiplier(rise, 60) == 2.5
    fall = te.Topic("f", "fall", 80, start=30)
    assert (te.multiplier(fall, 29), te.multiplier(fall, 90)) == (1.0, 0.4)
    bigger = te.Topic("b", "seasonal_bigger", 80, start=70)
    assert [te.multiplier(bigger, w) for w in (18, 19, 20, 70, 71, 72)] == [
        3.0, 3.0, 1.0, 7.0, 7.0, 1.0,
    ]  # fmt: skip


def test_scores_count_recall_delay_surge_weeks_and_false_spikes() -> None:
    spike = te.Topic("spike", "spike1", 80, start=40, size=4.0)
    surge = te.Topic("surge", "surge4", 80, start=50, size=4.0)
    quiet = te.Topic("quiet", "none", 80)
    missed = te.Topic("missed", "spike1", 20, start=60, size=3.0)
    flags = {(t.topic_id, w): "steady" for t in (spike, surge, quiet, missed) for w in range(104)}
    flags[("spike", 40)] = "spike"
    flags[("surge", 51)] = "spike"  # found one week late, 2 of the 4 weeks
    flags[("surge", 52)] = "spike"
    flags[("quiet", 70)] = "spike"  # a false spike: 1 in 104 judged weeks
    flags[("quiet", 71)] = "rising"  # a wrong rise
    flags[("spike", 41)] = "falling"  # back down after the spike: right
    result = te.score([([spike, surge, quiet, missed], {"new": flags})], "new")
    assert result["recall"]["spike1"]["80"] == {
        "events": 1, "recall": 1.0, "mean_delay_weeks": 0.0,
    }  # fmt: skip
    assert result["recall"]["spike1"]["all_volumes"]["recall"] == 0.5
    assert result["recall"]["surge4"]["80"]["mean_delay_weeks"] == 1.0
    assert result["surge_weeks_flagged_spike"]["80"] == 0.5
    assert result["false_spikes_per_100_topic_weeks_no_event"]["all_volumes"] == round(100 / 104, 3)
    assert result["precision"]["spike"] == {"rows": 4, "precision": 0.75}
    assert result["precision"]["rising"] == {"rows": 1, "precision": 0.0}
    assert result["precision"]["falling"] == {"rows": 1, "precision": 1.0}
