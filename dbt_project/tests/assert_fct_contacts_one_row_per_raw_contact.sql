-- Every (source_system, contact_id) in raw.contacts is in fct_contacts exactly once, and
-- nothing else is: nothing lost, nothing invented by the incremental logic.

with

raw_contacts as (

    select distinct
        source_system,
        contact_id

    from {{ source('raw', 'contacts') }}

),

published_contacts as (

    select
        source_system,
        contact_id

    from {{ ref('fct_contacts') }}

),

missing as (

    select
        raw_contacts.source_system,
        raw_contacts.contact_id,
        'missing from fct_contacts' as problem

    from raw_contacts
    left join published_contacts
        on
            raw_contacts.source_system = published_contacts.source_system
            and raw_contacts.contact_id = published_contacts.contact_id
    where published_contacts.contact_id is null

),

unexpected as (

    select
        published_contacts.source_system,
        published_contacts.contact_id,
        'not in raw.contacts' as problem

    from published_contacts
    left join raw_contacts
        on
            published_contacts.source_system = raw_contacts.source_system
            and published_contacts.contact_id = raw_contacts.contact_id
    where raw_contacts.contact_id is null

),

final as (

    select * from missing
    union all
    select * from unexpected

)

select * from final
