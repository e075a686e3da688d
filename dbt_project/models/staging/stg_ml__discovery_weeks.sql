with

source as (

    select * from {{ source('ml_discovery', 'discovery_weeks') }}

),

final as (

    select
        cast(week_start as date) as week_start,
        cast(texts as integer) as texts,
        cast(clusters as integer) as clusters,
        cast(noise as integer) as noise,
        model_version,
        processed_at

    from source

)

select * from final
