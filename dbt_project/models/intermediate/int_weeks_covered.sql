-- One row per week from the first to the last week in the data: the centre's opening days in
-- it, its working days and whether the extract covers it (decision 0016). The one place a week's
-- coverage is judged: int_topic_weeks_aggregated (trends) and int_topic_windows_aggregated (the
-- automation window) both read it.
-- Opening days: var opening_days (ISO weekdays, 1 = Monday; setting
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

final as (

    select
        week_start,
        open_days,
        working_days,
        is_partial_week

    from weeks

)

select * from final
