with

topics as (

    select * from {{ ref('int_topics_unioned') }}

),

final as (

    select
        cast(topic_id as varchar) as topic_id,
        cast(topic_name as varchar) as topic_name,
        cast(service_area as varchar) as service_area,
        cast(lgsl_code as integer) as lgsl_code,
        cast(description as varchar) as description,
        cast(is_safeguarding as boolean) as is_safeguarding

    from topics

)

select * from final
