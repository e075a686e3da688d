"""The dbt models on a hand-made fixture (tests/dbt/conftest.py): figures worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.dbt.conftest import BuiltWarehouse, rows_by

pytestmark = pytest.mark.slow

W1, W2, W3 = date(2024, 3, 18), date(2024, 3, 25), date(2024, 4, 1)


def trends(built: BuiltWarehouse, stage: str = "after_marts") -> dict:
    table = getattr(built, stage)["published.topic_weekly_trends"]
    return rows_by(table, "week_start", "topic_id", "channel")


def test_builds_ran_models_data_tests_and_unit_tests(built: BuiltWarehouse) -> None:
    for result in (built.staging_result, built.marts_result, built.incremental_result):
        assert result.success
    types = {node.resource_type for node in built.marts_result.nodes}
    assert {"model", "test", "unit_test"} <= types
    staging_models = {n.name for n in built.staging_result.nodes if n.resource_type == "model"}
    assert "stg_raw__contacts" in staging_models and "int_contacts_enriched" in staging_models
    assert not any(name.startswith(("fct_", "dim_")) for name in staging_models)
    # t12's retired topic is reported by the warn-only singular test, which runs with the marts
    warned = {node.name for node in built.marts_result.warnings}
    assert warned == {"assert_classified_topics_exist_in_taxonomy"}
    assert built.staging_result.warnings == []


def test_before_classification_every_contact_is_unclassified(built: BuiltWarehouse) -> None:
    enriched = built.after_staging["intermediate.int_contacts_enriched"]
    assert len(enriched) == 13
    assert {row["topic_id"] for row in enriched} == {"unclassified"}


def test_staging_keeps_the_latest_version_of_each_contact(built: BuiltWarehouse) -> None:
    contacts = rows_by(built.after_marts["staging.stg_raw__contacts"], "contact_key")
    assert len(contacts) == 13  # 16 raw rows: a duplicate of t6 and two versions of t7
    assert contacts["telephony:t6"]["version_count"] == 2
    assert contacts["telephony:t7"]["outcome"] == "resolved"
    assert contacts["telephony:t7"]["handle_seconds"] == 240
    assert contacts["telephony:t7"]["ingest_file_id"] == "file-2"


def test_local_time_and_week_start_across_the_clock_change(built: BuiltWarehouse) -> None:
    facts = rows_by(built.after_marts["published.fct_contacts"], "contact_key")
    # Sunday 24 March 23:30 UTC is 23:30 GMT: still the week of 18 March
    assert facts["telephony:t4"]["started_at_local"] == datetime(2024, 3, 24, 23, 30)
    assert facts["telephony:t4"]["week_start"] == W1
    # Sunday 31 March 23:30 UTC is Monday 1 April 00:30 BST: the week of 1 April
    assert facts["telephony:t11"]["started_at_local"] == datetime(2024, 4, 1, 0, 30)
    assert facts["telephony:t11"]["contact_date"] == date(2024, 4, 1)
    assert facts["telephony:t11"]["week_start"] == W3
    assert facts["telephony:t13"]["started_at_local"] == datetime(2024, 4, 7, 12, 0)


def test_fct_contacts_topics_and_repeat_flags(built: BuiltWarehouse) -> None:
    facts = rows_by(built.after_marts["published.fct_contacts"], "contact_key")
    assert facts["telephony:t10"]["topic_id"] == "unclassified"  # not classified yet
    assert facts["telephony:t10"]["topic_confidence"] is None
    assert facts["telephony:t12"]["topic_id"] == "unclassified"  # retired topic
    assert facts["telephony:t1"]["topic_id"] == "bins"
    assert facts["telephony:t1"]["model_version"] == "v1"
    repeats = {key for key, row in facts.items() if row["is_repeat_contact"]}
    # c1: A two days after t1; t11: C 6 days 23 hours after t5 (across the clock change).
    # t9 (A, 9 days 23 hours after c1) is not; t4 and t13 have no caller and never repeat.
    assert repeats == {"chat:c1", "telephony:t11"}
    assert facts["chat:c2"]["is_vulnerable"] is True


def test_weekly_counts_shares_and_percentiles(built: BuiltWarehouse) -> None:
    t = trends(built)
    bins_w1 = t[(W1, "bins", "all")]
    assert bins_w1["contacts"] == 2
    assert bins_w1["share_of_week"] == pytest.approx(0.5)
    assert bins_w1["median_handle_seconds"] == pytest.approx(150.0)  # 100, 200
    assert bins_w1["p90_handle_seconds"] == pytest.approx(190.0)
    assert bins_w1["first_contact_resolution_rate"] == pytest.approx(0.5)  # c1 only
    assert bins_w1["repeat_contact_rate"] == pytest.approx(0.5)  # c1
    assert t[(W1, "bins", "phone")]["share_of_week"] == pytest.approx(1 / 3)
    assert t[(W1, "bins", "webchat")]["share_of_week"] == pytest.approx(1.0)

    tax_w1 = t[(W1, "council_tax", "all")]
    assert tax_w1["median_handle_seconds"] == pytest.approx(400.0)  # 300, 500
    assert tax_w1["p90_handle_seconds"] == pytest.approx(480.0)
    assert tax_w1["transfer_rate"] == pytest.approx(0.5)
    assert tax_w1["escalation_rate"] == pytest.approx(0.5)
    assert tax_w1["first_contact_resolution_rate"] == pytest.approx(0.0)

    tax_w2 = t[(W2, "council_tax", "all")]
    assert tax_w2["contacts"] == 2  # t6 once (duplicate dropped), t7 once (corrected)
    assert tax_w2["median_handle_seconds"] == pytest.approx(210.0)  # 180, 240 (not 30)
    assert tax_w2["first_contact_resolution_rate"] == pytest.approx(1.0)
    assert t[(W2, "bins", "all")]["share_of_week"] == pytest.approx(2 / 6)
    assert t[(W2, "unclassified", "all")]["contacts"] == 1
    # c2 has no handle time: one contact, but no median
    child_w2 = t[(W2, "child_safety", "all")]
    assert child_w2["contacts"] == 1 and child_w2["median_handle_seconds"] is None

    bins_w3 = t[(W3, "bins", "all")]
    assert bins_w3["contacts"] == 2  # t11 (00:30 BST Monday) and t13
    assert bins_w3["median_handle_seconds"] == pytest.approx(275.0)
    assert bins_w3["repeat_contact_rate"] == pytest.approx(0.5)
    assert t[(W3, "unclassified", "all")]["contacts"] == 1  # t12, retired topic


def test_weekly_grid_has_zero_rows_not_gaps(built: BuiltWarehouse) -> None:
    t = trends(built)
    topics = {"bins", "council_tax", "child_safety", "parking", "unclassified"}
    channels = {"all", "phone", "webchat"}
    assert set(t) == {(w, topic, c) for w in (W1, W2, W3) for topic in topics for c in channels}
    parking = t[(W2, "parking", "all")]
    assert parking["contacts"] == 0 and parking["share_of_week"] == 0.0
    assert parking["median_handle_seconds"] is None
    assert parking["first_contact_resolution_rate"] is None
    tax_w3 = t[(W3, "council_tax", "all")]
    assert tax_w3["contacts"] == 0
    assert tax_w3["contacts_last_week"] == 2 and tax_w3["change_vs_last_week"] == -2


def test_partial_weeks_baseline_and_flags(built: BuiltWarehouse) -> None:
    t = trends(built)
    partial = {w: t[(w, "bins", "all")]["is_partial_week"] for w in (W1, W2, W3)}
    assert partial == {W1: True, W2: False, W3: True}
    bins = [t[(w, "bins", "all")] for w in (W1, W2, W3)]
    assert [row["contacts_last_week"] for row in bins] == [None, 2, 2]
    # W2 holds Good Friday (29 March 2024) and W3 Easter Monday (1 April; england-and-wales):
    # 6 of the 7 opening days each (3 weeks are too few to learn opening days from, so all 7
    # count), and their 2 contacts are compared as 2 x 7 / 6 for a full week (decision 0016)
    assert [row["working_days"] for row in bins] == [7, 6, 6]
    assert [row["is_short_week"] for row in bins] == [False, True, True]
    # W1 is partial, so it is left out of the baseline: W2 has none, W3's is W2 alone
    assert [row["baseline_contacts"] for row in bins] == [None, None, pytest.approx(7 / 3)]
    assert bins[2]["z_score"] == pytest.approx(0.0)
    # three weeks, none with 4 complete weeks before it and no tenfold jump: too little
    # history for any trend (decision 0014; before it these weeks were 'steady')
    assert {row["trend_flag"] for row in t.values()} == {"insufficient_history"}
    assert bins[2]["trend_explanation"] == (
        "2 contacts; too little history to judge a trend (1 of the 4 complete weeks needed)."
    )


def test_automation_candidates_scores_and_exclusions(built: BuiltWarehouse) -> None:
    cands = rows_by(built.after_marts["published.automation_candidates"], "topic_id")
    tax, bins = cands["council_tax"], cands["bins"]
    # last complete week: 25-31 March (the data ends Sunday 12:00 and starts Monday 09:00)
    assert (tax["window_start"], tax["window_end"]) == (W2, date(2024, 3, 31))
    # council_tax: t6 (180 s, "already paid": avoidable) and t7 (240 s), both phone, resolved
    assert tax["contacts"] == 2 and tax["weekly_average_contacts"] == pytest.approx(2.0)
    assert tax["avoidable_contacts"] == 1 and tax["avoidable_contact_rate"] == pytest.approx(0.5)
    assert tax["median_handle_seconds"] == pytest.approx(210.0)
    assert tax["mean_handle_seconds"] == pytest.approx(210.0)
    assert tax["topic_nature"] == "unknown"  # not in seeds/topic_natures.csv
    # value demand: council_tax 2 - 1 = 1, bins 2 - 0 = 2 (the busiest ranked topic)
    assert tax["volume_score"] == pytest.approx(0.5)
    assert tax["repetitiveness_score"] == pytest.approx(0.0)  # two different wordings
    assert tax["simplicity_score"] == pytest.approx(1 - 210 / 900)
    assert tax["resolvability_score"] == pytest.approx(1.0)
    assert tax["nature_score"] == pytest.approx(0.5)
    # 100 x (0.30 x 0.5 + 0.20 x 0 + 0.15 x 0.7667 + 0.20 x 1 + 0.15 x 0.5) = 54.0
    assert tax["automation_score"] == pytest.approx(54.0)
    assert tax["candidate_rank"] == 2
    assert tax["agent_hours_per_year"] == pytest.approx(6.1)  # 2 x 52 x 210 / 3600 = 6.07
    assert tax["cost_per_year"] == pytest.approx(294.32)  # 2 phone contacts x 2.83 x 52 weeks
    assert tax["rationale"] == (
        "About 2 contacts a week, 100% resolved first time, median 3.5 minutes: "
        "worth considering for self-service; 50% are failure demand (chasing or repeat "
        "contacts), better fixed at the cause."
    )
    assert tax["representative_phrasings"] == "I have already paid this bill | redacted text"
    # bins: t5 (120 s; C again within 7 days, so not resolved first time) and t9 (60 s)
    assert bins["candidate_rank"] == 1
    assert bins["first_contact_resolution_rate"] == pytest.approx(0.5)
    assert bins["repetitiveness_score"] == pytest.approx(1.0)  # both "redacted text"
    # 100 x (0.30 x 1 + 0.20 x 1 + 0.15 x 0.9 + 0.20 x 0.5 + 0.15 x 0.5) = 81.0
    assert bins["automation_score"] == pytest.approx(81.0)
    assert bins["agent_hours_per_year"] == pytest.approx(2.6)  # 2 x 52 x 90 / 3600
    assert bins["rationale"] == (
        "About 2 contacts a week, 50% resolved first time, median 1.5 minutes: "
        "a strong candidate for a web page, form or chatbot."
    )
    assert cands["child_safety"]["exclusion_reason"] == (
        "safeguarding topic: must stay with a person"
    )
    assert cands["child_safety"]["topic_nature"] == "safeguarding"
    assert cands["child_safety"]["contacts"] == 0  # its one contact is vulnerable
    assert cands["unclassified"]["is_excluded"] is True
    assert cands["parking"]["exclusion_reason"] == "fewer than 1 contacts in the window"
    excluded = [row for row in cands.values() if row["is_excluded"]]
    assert all(row["candidate_rank"] is None for row in excluded)
    assert all(row["representative_phrasings"] is None for row in excluded)


def test_avoidable_contacts_and_weekly_rate(built: BuiltWarehouse) -> None:
    facts = rows_by(built.after_marts["published.fct_contacts"], "contact_key")
    avoidable = {key for key, row in facts.items() if row["is_avoidable"]}
    # c1: A on bins 2 days after t1 (and "still not collected"); t11: C on bins 6 days 23 hours
    # after t5, across the clock change; t6: "already paid". t9 (A, bins) is 9 days 23 hours
    # after c1; t12 (B) is 15 days after t2 and on another topic.
    assert avoidable == {"chat:c1", "telephony:t11", "telephony:t6"}
    assert {row["topic_source"] for row in facts.values()} == {"model", "none"}
    assert facts["telephony:t10"]["topic_source"] == "none"
    t = trends(built)
    assert t[(W1, "bins", "all")]["avoidable_contact_rate"] == pytest.approx(0.5)  # c1 of t1, c1
    assert t[(W1, "bins", "phone")]["avoidable_contact_rate"] == pytest.approx(0.0)
    assert t[(W1, "bins", "webchat")]["avoidable_contact_rate"] == pytest.approx(1.0)
    assert t[(W2, "council_tax", "all")]["avoidable_contact_rate"] == pytest.approx(0.5)  # t6
    assert t[(W2, "bins", "all")]["avoidable_contact_rate"] == pytest.approx(0.0)
    assert t[(W3, "bins", "all")]["avoidable_contact_rate"] == pytest.approx(0.5)  # t11 of 2
    assert t[(W2, "parking", "all")]["avoidable_contact_rate"] is None  # no contacts


def test_incremental_run_updates_changed_contacts_only(built: BuiltWarehouse) -> None:
    before = rows_by(built.after_marts["published.fct_contacts"], "contact_key")
    after = rows_by(built.after_incremental["published.fct_contacts"], "contact_key")
    assert len(after) == 13
    assert after["telephony:t13"]["outcome"] == "resolved"  # a later version arrived
    assert after["telephony:t10"]["topic_id"] == "bins"  # classified since
    assert after["telephony:t10"]["model_version"] == "v2"
    unchanged = set(before) - {"telephony:t13", "telephony:t10"}
    assert all(before[key] == after[key] for key in unchanged)
    t = trends(built, "after_incremental")
    assert t[(W2, "bins", "all")]["contacts"] == 3
    assert t[(W2, "unclassified", "all")]["contacts"] == 0


# docs/architecture.md, "Published tables": names, order and types the other parts rely on.
PUBLISHED_CONTRACT = {
    "fct_contacts": [
        ("contact_key", "VARCHAR"),
        ("source_system", "VARCHAR"),
        ("contact_id", "VARCHAR"),
        ("started_at_local", "TIMESTAMP"),
        ("contact_date", "DATE"),
        ("week_start", "DATE"),
        ("channel", "VARCHAR"),
        ("queue", "VARCHAR"),
        ("wrap_up_code", "VARCHAR"),
        ("outcome", "VARCHAR"),
        ("handle_seconds", "INTEGER"),
        ("wait_seconds", "INTEGER"),
        ("topic_id", "VARCHAR"),
        ("topic_source", "VARCHAR"),
        ("topic_confidence", "DOUBLE"),
        ("model_version", "VARCHAR"),
        ("is_repeat_contact", "BOOLEAN"),
        ("is_avoidable", "BOOLEAN"),
        ("is_vulnerable", "BOOLEAN"),
    ],
    "dim_topics": [
        ("topic_id", "VARCHAR"),
        ("topic_name", "VARCHAR"),
        ("service_area", "VARCHAR"),
        ("lgsl_code", "INTEGER"),
        ("description", "VARCHAR"),
        ("is_safeguarding", "BOOLEAN"),
    ],
    "topic_weekly_trends": [
        ("week_start", "DATE"),
        ("topic_id", "VARCHAR"),
        ("topic_name", "VARCHAR"),
        ("channel", "VARCHAR"),
        ("contacts", "INTEGER"),
        ("share_of_week", "DOUBLE"),
        ("median_handle_seconds", "DOUBLE"),
        ("p90_handle_seconds", "DOUBLE"),
        ("first_contact_resolution_rate", "DOUBLE"),
        ("transfer_rate", "DOUBLE"),
        ("escalation_rate", "DOUBLE"),
        ("repeat_contact_rate", "DOUBLE"),
        ("avoidable_contact_rate", "DOUBLE"),
        ("contacts_last_week", "INTEGER"),
        ("change_vs_last_week", "INTEGER"),
        ("baseline_contacts", "DOUBLE"),
        ("z_score", "DOUBLE"),
        ("is_partial_week", "BOOLEAN"),
        ("trend_flag", "VARCHAR"),
        ("trend_explanation", "VARCHAR"),
        ("working_days", "INTEGER"),
        ("is_short_week", "BOOLEAN"),
        ("same_week_last_year_contacts", "INTEGER"),
        ("last_year_ratio", "DOUBLE"),
    ],
    "automation_candidates": [
        ("topic_id", "VARCHAR"),
        ("topic_name", "VARCHAR"),
        ("service_area", "VARCHAR"),
        ("topic_nature", "VARCHAR"),
        ("window_start", "DATE"),
        ("window_end", "DATE"),
        ("contacts", "INTEGER"),
        ("weekly_average_contacts", "DOUBLE"),
        ("avoidable_contacts", "INTEGER"),
        ("avoidable_contact_rate", "DOUBLE"),
        ("median_handle_seconds", "DOUBLE"),
        ("mean_handle_seconds", "DOUBLE"),
        ("first_contact_resolution_rate", "DOUBLE"),
        ("volume_score", "DOUBLE"),
        ("repetitiveness_score", "DOUBLE"),
        ("simplicity_score", "DOUBLE"),
        ("resolvability_score", "DOUBLE"),
        ("nature_score", "DOUBLE"),
        ("automation_score", "DOUBLE"),
        ("candidate_rank", "INTEGER"),
        ("is_excluded", "BOOLEAN"),
        ("exclusion_reason", "VARCHAR"),
        ("agent_hours_per_year", "DOUBLE"),
        ("cost_per_year", "DOUBLE"),
        ("rationale", "VARCHAR"),
        ("representative_phrasings", "VARCHAR"),
    ],
    # built empty here (no discovery run); filled in
    # tests/pipelines/discovery/test_discover_weekly.py
    "emerging_topics": [
        ("week_start", "DATE"),
        ("cluster_id", "VARCHAR"),
        ("label", "VARCHAR"),
        ("contacts", "INTEGER"),
        ("share_of_unclassified", "DOUBLE"),
        ("first_seen_week", "DATE"),
        ("weeks_seen", "INTEGER"),
        ("contacts_last_week", "INTEGER"),
        ("baseline_contacts", "DOUBLE"),
        ("growth_vs_baseline", "DOUBLE"),
        ("status", "VARCHAR"),
        ("cohesion", "DOUBLE"),
        ("representative_phrasings", "VARCHAR"),
    ],
}


def test_published_tables_match_the_architecture_contract(built: BuiltWarehouse) -> None:
    # other published tables (e.g. emerging_topics) have their own tests
    assert {table: built.published_columns[table] for table in PUBLISHED_CONTRACT} == (
        PUBLISHED_CONTRACT
    )


def test_dim_topics_adds_unclassified(built: BuiltWarehouse) -> None:
    topics = rows_by(built.after_marts["published.dim_topics"], "topic_id")
    assert set(topics) == {"bins", "council_tax", "child_safety", "parking", "unclassified"}
    assert topics["unclassified"]["is_safeguarding"] is False
    assert topics["bins"]["lgsl_code"] == 524
    assert topics["child_safety"]["is_safeguarding"] is True
