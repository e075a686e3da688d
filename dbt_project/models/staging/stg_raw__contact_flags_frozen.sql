-- One row per contact whose repeat and avoidable flags retention froze before removing its text
-- and caller pseudonym (raw.contact_flags_frozen, decision 0019).

with

source as (

    select * from {{ source('raw', 'contact_flags_frozen') }}

),

final as (

    select
        {{ dbt.concat(["source_system", "':'", "contact_id"]) }} as contact_key,
        source_system,
        contact_id,
        is_repeat_contact,
        has_repeat_within_7_days,
        is_same_topic_repeat,
        has_failure_wording,
        frozen_at

    from source

)

select * from final
