-- One row per week x topic x channel (plus channel 'all') for every week from the first to
-- the last week in the data, every topic (including 'unclassified') and every channel seen in
-- the data: zero rows, not gaps, so the baseline windows in int_topic_weeks_flagged are
-- always 8 real weeks.
-- Opening days (decision 0016): var opening_days (ISO weekdays, 1 = Monday; setting
-- CONTACT_TOPICS_OPENING_DAYS) or, when null, learnt from the data: a weekday is open when it
-- had contacts on at least opening_days_min_share of its dates between the first and the last
-- contact, or when fewer than opening_days_min_dates (4) of its dates lie there (too few to
-- tell); no open weekday at all -> every weekday. A week is partial when the data's first
-- contact is later than partial_week_first_open_day_hour on the week's first opening day, or
-- its last contact is earlier than partial_week_last_open_day_hour on the week's last opening
-- day (local time).
-- Working days: the week's opening days less the bank holidays of var('bank_holiday_region')
-- (seed uk_bank_holidays) that fall on them; fewer than open_days = a short week.

{%- set opening_days = var('opening_days') %}
{%- set first_cutoff = dbt.dateadd(
    'hour',
    '(opening_span.first_open_weekday - 1) * 24 + ' ~ var('partial_week_first_open_day_hour'),
    'week_series.week_started_at'
) %}
{%- set last_cutoff = dbt.dateadd(
    'hour',
    '(opening_span.last_open_weekday - 1) * 24 + ' ~ var('partial_week_last_open_day_hour'),
    'week_series.week_started_at'
) %}

with

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

topics as (

    select * from {{ ref('int_topics_unioned') }}

),

bank_holidays as (

    select * from {{ ref('uk_bank_holidays') }}

),

data_bounds as (

    select
        min(started_at_local) as first_contact_at_local,
        max(started_at_local) as last_contact_at_local,
        cast(min(started_at_local) as date) as first_contact_date,
        cast(max(started_at_local) as date) as last_contact_date,
        min(week_start) as first_week_start,
        max(week_start) as last_week_start

    from contacts

),

week_series as (

    select {{ week_series('first_week_start', 'last_week_start') }} as week_started_at
    from data_bounds
    where first_week_start is not null

),

weekdays as (

    select weekday_numbers.iso_weekday
    from (values (1), (2), (3), (4), (5), (6), (7)) as weekday_numbers (iso_weekday)

),

-- every date of every week in the data, with its ISO weekday (1 = Monday)
week_days as (

    select
        cast(week_series.week_started_at as date) as week_start,
        weekdays.iso_weekday,
        cast(
            {{ dbt.dateadd('day', 'weekdays.iso_weekday - 1', 'week_series.week_started_at') }}
            as date
        ) as day_date

    from week_series
    cross join weekdays

),

contact_dates as (

    select distinct cast(started_at_local as date) as contact_date
    from contacts

),

-- per weekday: how many of its dates lie between the first and the last contact, and on how
-- many of them there were contacts
weekday_coverage as (

    select
        week_days.iso_weekday,
        count(*) as dates_in_data,
        count(contact_dates.contact_date) as dates_with_contacts

    from week_days
    cross join data_bounds
    left join contact_dates
        on week_days.day_date = contact_dates.contact_date
    where week_days.day_date between data_bounds.first_contact_date and data_bounds.last_contact_date
    group by week_days.iso_weekday

),

weekday_openings as (

    select
        weekdays.iso_weekday,
        {%- if opening_days is not none %}
        weekdays.iso_weekday in ({{ opening_days | join(', ') }}) as is_open_day
        {%- else %}
        coalesce(weekday_coverage.dates_in_data, 0) < {{ var('opening_days_min_dates') }}
        or weekday_coverage.dates_with_contacts
        >= {{ var('opening_days_min_share') }} * weekday_coverage.dates_in_data as is_open_day
        {%- endif %}

    from weekdays
    left join weekday_coverage
        on weekdays.iso_weekday = weekday_coverage.iso_weekday

),

-- no open weekday at all (a setting that names none, or contacts too scattered to learn
-- from): every weekday is open
open_weekday_count as (

    select count(*) as open_weekdays
    from weekday_openings
    where is_open_day

),

opening_days as (

    select weekday_openings.iso_weekday
    from weekday_openings
    cross join open_weekday_count
    where weekday_openings.is_open_day or open_weekday_count.open_weekdays = 0

),

opening_span as (

    select
        min(iso_weekday) as first_open_weekday,
        max(iso_weekday) as last_open_weekday,
        count(*) as open_days

    from opening_days

),

region_holidays as (

    select distinct holiday_date
    from bank_holidays
    where region = '{{ var("bank_holiday_region") }}'

),

week_working_days as (

    select
        week_days.week_start,
        count(*) - count(region_holidays.holiday_date) as working_days

    from week_days
    inner join opening_days
        on week_days.iso_weekday = opening_days.iso_weekday
    left join region_holidays
        on week_days.day_date = region_holidays.holiday_date
    group by week_days.week_start

),

weeks as (

    select
        cast(week_series.week_started_at as date) as week_start,
        opening_span.open_days,
        week_working_days.working_days,
        case
            when data_bounds.first_contact_at_local > {{ first_cutoff }}
                then true
            when data_bounds.last_contact_at_local < {{ last_cutoff }}
                then true
            else false
        end as is_partial_week

    from week_series
    cross join data_bounds
    cross join opening_span
    inner join week_working_days
        on cast(week_series.week_started_at as date) = week_working_days.week_start

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
