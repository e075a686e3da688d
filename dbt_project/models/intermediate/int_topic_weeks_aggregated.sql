-- One row per week x topic x channel (plus channel 'all') for every week from the first to
-- the last week in the data, every topic (including 'unclassified') and every channel seen in
-- the data: zero rows, not gaps, so the baseline windows in int_topic_weeks_flagged are
-- always 8 real weeks. Each week's opening days, working days and coverage (partial or not)
-- come from int_weeks_covered (decision 0016).

with

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

topics as (

    select * from {{ ref('int_topics_unioned') }}

),

weeks as (

    select * from {{ ref('int_weeks_covered') }}

),

channels as (

    select distinct channel from contacts
    union all
    select 'all' as channel

),

grid as (

    select
        weeks.week_start,
        weeks.is_partial_week,
        weeks.open_days,
        weeks.working_days,
        topics.topic_id,
        topics.topic_name,
        channels.channel

    from weeks
    cross join topics
    cross join channels

),

contacts_by_channel as (

    select
        week_start,
        topic_id,
        channel,
        handle_seconds,
        outcome,
        is_repeat_contact,
        is_first_contact_resolution,
        is_avoidable

    from contacts

    union all

    select
        week_start,
        topic_id,
        'all' as channel,
        handle_seconds,
        outcome,
        is_repeat_contact,
        is_first_contact_resolution,
        is_avoidable

    from contacts

),

topic_week_figures as (

    select
        week_start,
        topic_id,
        channel,
        count(*) as contacts,
        {{ percentile('handle_seconds', 0.5) }} as median_handle_seconds,
        {{ percentile('handle_seconds', 0.9) }} as p90_handle_seconds,
        avg(case when is_first_contact_resolution then 1.0 else 0.0 end) as first_contact_resolution_rate,
        avg(case when outcome = 'transferred' then 1.0 else 0.0 end) as transfer_rate,
        avg(case when outcome = 'escalated' then 1.0 else 0.0 end) as escalation_rate,
        avg(case when is_repeat_contact then 1.0 else 0.0 end) as repeat_contact_rate,
        avg(case when is_avoidable then 1.0 else 0.0 end) as avoidable_contact_rate

    from contacts_by_channel
    group by week_start, topic_id, channel

),

week_channel_totals as (

    select
        week_start,
        channel,
        count(*) as week_channel_contacts

    from contacts_by_channel
    group by week_start, channel

),

joined as (

    select
        grid.week_start,
        grid.topic_id,
        grid.topic_name,
        grid.channel,
        coalesce(topic_week_figures.contacts, 0) as contacts,
        case
            when coalesce(week_channel_totals.week_channel_contacts, 0) = 0 then 0.0
            else coalesce(topic_week_figures.contacts, 0) * 1.0 / week_channel_totals.week_channel_contacts
        end as share_of_week,
        topic_week_figures.median_handle_seconds,
        topic_week_figures.p90_handle_seconds,
        topic_week_figures.first_contact_resolution_rate,
        topic_week_figures.transfer_rate,
        topic_week_figures.escalation_rate,
        topic_week_figures.repeat_contact_rate,
        topic_week_figures.avoidable_contact_rate,
        grid.is_partial_week,
        grid.open_days,
        grid.working_days

    from grid
    left join topic_week_figures
        on
            grid.week_start = topic_week_figures.week_start
            and grid.topic_id = topic_week_figures.topic_id
            and grid.channel = topic_week_figures.channel
    left join week_channel_totals
        on
            grid.week_start = week_channel_totals.week_start
            and grid.channel = week_channel_totals.channel

),

final as (

    select * from joined

)

select * from final
