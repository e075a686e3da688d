-- In every week and channel that had contacts, the topics' shares add up to 1.

with

trends as (

    select * from {{ ref('topic_weekly_trends') }}

),

week_channel_shares as (

    select
        week_start,
        channel,
        sum(contacts) as contacts,
        sum(share_of_week) as total_share

    from trends
    group by week_start, channel

),

final as (

    select * from week_channel_shares
    where
        contacts > 0
        and abs(total_share - 1.0) > 0.000001

)

select * from final
