-- For every week and topic, the 'all' row must equal the sum of the channel rows.

with

trends as (

    select * from {{ ref('topic_weekly_trends') }}

),

channel_totals as (

    select
        week_start,
        topic_id,
        sum(case when channel = 'all' then contacts else 0 end) as all_channel_contacts,
        sum(case when channel <> 'all' then contacts else 0 end) as summed_channel_contacts

    from trends
    group by week_start, topic_id

),

final as (

    select * from channel_totals
    where all_channel_contacts <> summed_channel_contacts

)

select * from final
