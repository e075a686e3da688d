with

source as (

    select * from {{ source('ml_discovery', 'discovery_cluster_weeks') }}

),

final as (

    select
        cast(week_start as date) as week_start,
        cluster_id,
        cast(contacts as integer) as contacts,
        label,
        cohesion,
        profile,
        representative_texts

    from source

)

select * from final
