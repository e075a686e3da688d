with

source as (

    select * from {{ source('raw', 'topic_wrap_up_codes') }}

),

final as (

    select
        wrap_up_code,
        -- codes are matched without regard to case or surrounding spaces
        lower(trim(wrap_up_code)) as wrap_up_code_key,
        topic_id

    from source

)

select * from final
