-- One row per contact with the topic its wrap-up code stands for: the one owner of the
-- wrap-up code -> topic join. Codes match the taxonomy's without regard to case or
-- surrounding spaces (stg_raw__topic_wrap_up_codes.wrap_up_code_key).
--   taxonomy_topic_id      the taxonomy's topic for the code; null when the contact has no code
--                          or the taxonomy does not list it. The topic model trains on it
--                          (pipelines/topics), so the pipeline's staging step builds this model.
--   wrap_up_code_topic_id  taxonomy_topic_id, else the code as snake_case (the id of the topic
--                          int_topics_unioned makes from a code the taxonomy does not list);
--                          null when the contact has no code or the code has no letters or digits,
--                          and when the code holds a placeholder ("Mrs [NAME] [PHONE]",
--                          "[SAFEGUARDING]"): ingest redacts codes the taxonomy does not list
--                          (pipelines/ingest/free_text.py), and a redacted code is never a topic.
-- Read by int_topics_unioned (topics made from codes), int_contacts_enriched (topic_source
-- wrap_up_code) and the topic model's training data.

with

contacts as (

    select * from {{ ref('stg_raw__contacts') }}

),

wrap_up_codes as (

    select * from {{ ref('stg_raw__topic_wrap_up_codes') }}

),

code_topics as (

    select
        contacts.contact_key,
        contacts.source_system,
        contacts.contact_id,
        contacts.wrap_up_code,
        wrap_up_codes.topic_id as taxonomy_topic_id,
        {{ slugify('contacts.wrap_up_code') }} as wrap_up_code_slug

    from contacts
    left join wrap_up_codes
        on lower(trim(contacts.wrap_up_code)) = wrap_up_codes.wrap_up_code_key

),

final as (

    select
        contact_key,
        source_system,
        contact_id,
        wrap_up_code,
        taxonomy_topic_id,
        coalesce(
            taxonomy_topic_id,
            case
                when not regexp_matches(wrap_up_code, '\[[A-Z][A-Z0-9_]*\]')
                    then nullif(wrap_up_code_slug, '')
            end
        ) as wrap_up_code_topic_id

    from code_topics

)

select * from final
