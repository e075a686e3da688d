with

source as (

    select * from {{ source('raw', 'topic_wrap_up_codes') }}

),

final as (

    select
        wrap_up_code,
        topic_id

    from source

)

select * from final
