-- The taxonomy plus the 'unclassified' topic (contacts the model could not place, or has not
-- classified yet), so every contact has a topic to report under.

with

topics as (

    select * from {{ ref('stg_raw__topics') }}

),

taxonomy_topics as (

    select
        topic_id,
        topic_name,
        service_area,
        lgsl_code,
        description,
        is_safeguarding

    from topics
    where topic_id <> 'unclassified'

),

unclassified_topic as (

    select
        'unclassified' as topic_id,
        'Unclassified' as topic_name,
        'Not known' as service_area,
        cast(null as integer) as lgsl_code,
        'Contacts the topic model could not place with enough confidence, '
        || 'or has not classified yet.' as description,
        false as is_safeguarding

),

unioned as (

    select * from taxonomy_topics
    union all
    select * from unclassified_topic

),

final as (

    select * from unioned

)

select * from final
