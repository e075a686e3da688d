-- Warns when published contacts are 'unclassified' only because the classifier named a topic
-- that is not in the taxonomy (usually a model trained on an older taxonomy: retrain it).
-- Reads the sources directly and hangs off fct_contacts, so it runs with the marts.

{{ config(severity='warn') }}

with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

contact_topics as (

    select * from {{ source('ml', 'contact_topics') }}

),

topics as (

    select * from {{ source('raw', 'topics') }}

),

unknown_topics as (

    select
        contact_topics.topic_id,
        count(*) as contacts

    from contacts
    inner join contact_topics
        on
            contacts.source_system = contact_topics.source_system
            and contacts.contact_id = contact_topics.contact_id
    left join topics
        on contact_topics.topic_id = topics.topic_id
    where
        topics.topic_id is null
        and contact_topics.topic_id <> 'unclassified'
    group by contact_topics.topic_id

),

final as (

    select * from unknown_topics

)

select * from final
