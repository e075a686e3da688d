with

source as (

    select * from {{ source('ml', 'contact_topics') }}

),

final as (

    select
        {{ dbt.concat(["source_system", "':'", "contact_id"]) }} as contact_key,
        source_system,
        contact_id,
        contact_updated_at,
        predicted_topic_id,
        topic_id,
        confidence as topic_confidence,
        model_version,
        classified_at

    from source

)

select * from final
