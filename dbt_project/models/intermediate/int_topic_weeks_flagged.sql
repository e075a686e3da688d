-- Adds last week's figure, the trailing baseline, the z-score and the trend flag to each
-- week x topic x channel row. The rule (thresholds are vars in dbt_project.yml):
--   new      baseline = 0 (earlier complete weeks had none) and contacts >= trend_new_min_contacts
--   spike    contacts >= 20 and z >= 4 and contacts >= 2 x baseline
--   rising   contacts >= 10 and contacts >= 1.25 x baseline and z >= 2
--   falling  baseline >= 10 and contacts <= 0.75 x baseline and z <= -2
--   steady   anything else, including weeks with no baseline yet
-- No flag but steady until the baseline has var trend_min_baseline_weeks (4) complete weeks:
-- a baseline of one or two weeks is too short to tell a change from noise.
-- Partial weeks (the extract does not cover the whole week) can only be new, rising or steady.
-- Baseline = mean contacts of the complete weeks among the 8 before (null when none);
-- z = (contacts - baseline) / greatest(stddev of those weeks, sqrt(baseline), 1).

with

topic_weeks as (

    select * from {{ ref('int_topic_weeks_aggregated') }}

),

history as (

    select
        topic_weeks.*,
        lag(topic_weeks.contacts) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
        ) as contacts_last_week,
        avg(case when not topic_weeks.is_partial_week then topic_weeks.contacts end) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
            rows between {{ var('trend_baseline_weeks') }} preceding and 1 preceding
        ) as baseline_contacts,
        stddev_samp(case when not topic_weeks.is_partial_week then topic_weeks.contacts end) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
            rows between {{ var('trend_baseline_weeks') }} preceding and 1 preceding
        ) as baseline_stddev,
        count(case when not topic_weeks.is_partial_week then 1 end) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
            rows between {{ var('trend_baseline_weeks') }} preceding and 1 preceding
        ) as baseline_weeks

    from topic_weeks

),

scored as (

    select
        history.*,
        history.contacts - history.contacts_last_week as change_vs_last_week,
        case
            when history.baseline_contacts is null then null
            else (history.contacts - history.baseline_contacts) / greatest(
                coalesce(history.baseline_stddev, 0.0),
                sqrt(history.baseline_contacts),
                1.0
            )
        end as z_score

    from history

),

conditions as (

    select
        scored.*,
        coalesce(
            baseline_contacts = 0 and scored.contacts >= {{ var('trend_new_min_contacts') }},
            false
        ) as meets_new,
        coalesce(
            scored.contacts >= {{ var('trend_spike_min_contacts') }}
            and scored.z_score >= {{ var('trend_spike_min_z_score') }}
            and scored.contacts >= {{ var('trend_spike_min_ratio') }} * scored.baseline_contacts,
            false
        ) as meets_spike,
        coalesce(
            scored.contacts >= {{ var('trend_rising_min_contacts') }}
            and scored.contacts >= {{ var('trend_rising_min_ratio') }} * scored.baseline_contacts
            and scored.z_score >= {{ var('trend_rising_min_z_score') }},
            false
        ) as meets_rising,
        coalesce(
            scored.baseline_contacts >= {{ var('trend_falling_min_baseline') }}
            and scored.contacts <= {{ var('trend_falling_max_ratio') }} * scored.baseline_contacts
            and scored.z_score <= {{ var('trend_falling_max_z_score') }},
            false
        ) as meets_falling

    from scored

),

flagged as (

    select
        conditions.*,
        case
            when conditions.baseline_weeks < {{ var('trend_min_baseline_weeks') }} then 'steady'
            when conditions.meets_new then 'new'
            when conditions.is_partial_week and conditions.meets_rising then 'rising'
            when conditions.is_partial_week then 'steady'
            when conditions.meets_spike then 'spike'
            when conditions.meets_rising then 'rising'
            when conditions.meets_falling then 'falling'
            else 'steady'
        end as trend_flag

    from conditions

),

final as (

    select
        week_start,
        topic_id,
        topic_name,
        channel,
        contacts,
        share_of_week,
        median_handle_seconds,
        p90_handle_seconds,
        first_contact_resolution_rate,
        transfer_rate,
        escalation_rate,
        repeat_contact_rate,
        avoidable_contact_rate,
        contacts_last_week,
        change_vs_last_week,
        baseline_contacts,
        baseline_stddev,
        baseline_weeks,
        z_score,
        is_partial_week,
        trend_flag

    from flagged

)

select * from final
