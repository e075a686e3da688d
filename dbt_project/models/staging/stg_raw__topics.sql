with

source as (

    select * from {{ source('raw', 'topics') }}

),

final as (

    select
        topic_id,
        topic_name,
        service_area,
        cast(lgsl_code as integer) as lgsl_code,
        description,
        is_safeguarding,
        loaded_at

    from source

)

select * from final
