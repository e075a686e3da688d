with

topic_weeks as (

    select * from {{ ref('int_topic_weeks_flagged') }}

),

final as (

    select
        cast(week_start as date) as week_start,
        cast(topic_id as varchar) as topic_id,
        cast(topic_name as varchar) as topic_name,
        cast(channel as varchar) as channel,
        cast(contacts as integer) as contacts,
        cast(share_of_week as double) as share_of_week,
        cast(median_handle_seconds as double) as median_handle_seconds,
        cast(p90_handle_seconds as double) as p90_handle_seconds,
        cast(first_contact_resolution_rate as double) as first_contact_resolution_rate,
        cast(transfer_rate as double) as transfer_rate,
        cast(escalation_rate as double) as escalation_rate,
        cast(repeat_contact_rate as double) as repeat_contact_rate,
        cast(avoidable_contact_rate as double) as avoidable_contact_rate,
        cast(contacts_last_week as integer) as contacts_last_week,
        cast(change_vs_last_week as integer) as change_vs_last_week,
        cast(baseline_contacts as double) as baseline_contacts,
        cast(z_score as double) as z_score,
        cast(is_partial_week as boolean) as is_partial_week,
        cast(trend_flag as varchar) as trend_flag,
        cast(trend_explanation as varchar) as trend_explanation,
        cast(working_days as integer) as working_days,
        cast(is_short_week as boolean) as is_short_week,
        cast(same_week_last_year_contacts as integer) as same_week_last_year_contacts,
        cast(last_year_ratio as double) as last_year_ratio

    from topic_weeks

)

select * from final
