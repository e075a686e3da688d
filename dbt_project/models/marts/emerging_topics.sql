-- One row per week and discovered theme: what residents contacted the council about that the
-- topic model could not place, how big each theme is and whether it is new, growing, stable or
-- fading. Status rule (thresholds are vars with defaults here):
--   new      the theme's first week;
--   growing  contacts >= emerging_growing_ratio x baseline and at least
--            emerging_growing_min_increase more contacts than the baseline;
--   fading   contacts <= emerging_fading_ratio x baseline;
--   stable   otherwise.
-- The baseline is the mean weekly size over the emerging_baseline_weeks processed weeks before,
-- since the theme was first seen, counting 0 for a processed week the theme was not found in.

{%- set baseline_weeks = var('emerging_baseline_weeks', 4) %}
{%- set growing_ratio = var('emerging_growing_ratio', 1.25) %}
{%- set growing_min_increase = var('emerging_growing_min_increase', 3) %}
{%- set fading_ratio = var('emerging_fading_ratio', 0.75) %}

with

cluster_weeks as (

    select * from {{ ref('stg_ml__discovery_cluster_weeks') }}

),

processed_weeks as (

    select * from {{ ref('stg_ml__discovery_weeks') }}

),

first_seen as (

    select
        cluster_id,
        min(week_start) as first_seen_week

    from cluster_weeks
    group by cluster_id

),

history as (

    select
        this_week.week_start,
        this_week.cluster_id,
        count(earlier_weeks.week_start) as baseline_weeks,
        sum(coalesce(earlier.contacts, 0)) as baseline_total,
        sum(
            case
                when
                    earlier_weeks.week_start
                    = cast({{ dbt.dateadd('day', -7, 'this_week.week_start') }} as date)
                    then coalesce(earlier.contacts, 0)
                else 0
            end
        ) as contacts_last_week

    from cluster_weeks as this_week
    inner join first_seen
        on this_week.cluster_id = first_seen.cluster_id
    left join processed_weeks as earlier_weeks
        on
            this_week.week_start > earlier_weeks.week_start
            and first_seen.first_seen_week <= earlier_weeks.week_start
            and earlier_weeks.week_start
            >= cast({{ dbt.dateadd('day', -7 * baseline_weeks, 'this_week.week_start') }} as date)
    left join cluster_weeks as earlier
        on
            this_week.cluster_id = earlier.cluster_id
            and earlier_weeks.week_start = earlier.week_start
    group by this_week.week_start, this_week.cluster_id

),

seen_counts as (

    select
        week_start,
        cluster_id,
        count(*) over (
            partition by cluster_id order by week_start
            rows between unbounded preceding and current row
        ) as weeks_seen

    from cluster_weeks

),

measured as (

    select
        cluster_weeks.week_start,
        cluster_weeks.cluster_id,
        cluster_weeks.label,
        cluster_weeks.contacts,
        cast(cluster_weeks.contacts as double)
        / nullif(processed_weeks.texts, 0) as share_of_unclassified,
        first_seen.first_seen_week,
        seen_counts.weeks_seen,
        history.contacts_last_week,
        case
            when history.baseline_weeks > 0
                then cast(history.baseline_total as double) / history.baseline_weeks
        end as baseline_contacts,
        cluster_weeks.cohesion,
        cluster_weeks.representative_texts

    from cluster_weeks
    inner join first_seen
        on cluster_weeks.cluster_id = first_seen.cluster_id
    inner join history
        on
            cluster_weeks.cluster_id = history.cluster_id
            and cluster_weeks.week_start = history.week_start
    inner join seen_counts
        on
            cluster_weeks.cluster_id = seen_counts.cluster_id
            and cluster_weeks.week_start = seen_counts.week_start
    left join processed_weeks
        on cluster_weeks.week_start = processed_weeks.week_start

),

final as (

    select
        cast(week_start as date) as week_start,
        cast(cluster_id as varchar) as cluster_id,
        cast(label as varchar) as label,
        cast(contacts as integer) as contacts,
        cast(share_of_unclassified as double) as share_of_unclassified,
        cast(first_seen_week as date) as first_seen_week,
        cast(weeks_seen as integer) as weeks_seen,
        cast(contacts_last_week as integer) as contacts_last_week,
        cast(baseline_contacts as double) as baseline_contacts,
        cast(
            case
                when baseline_contacts > 0 then contacts / baseline_contacts
            end as double
        ) as growth_vs_baseline,
        cast(
            case
                when week_start = first_seen_week then 'new'
                when
                    contacts >= {{ growing_ratio }} * coalesce(baseline_contacts, 0)
                    and contacts - coalesce(baseline_contacts, 0) >= {{ growing_min_increase }}
                    then 'growing'
                when contacts <= {{ fading_ratio }} * baseline_contacts then 'fading'
                else 'stable'
            end as varchar
        ) as status,
        cast(cohesion as double) as cohesion,
        cast(representative_texts as varchar) as representative_phrasings

    from measured

)

select * from final
