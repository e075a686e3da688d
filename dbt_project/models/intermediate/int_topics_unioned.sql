-- The taxonomy plus the 'unclassified' topic (contacts the model could not place, or has not
-- classified yet), so every contact has a topic to report under. When topics come from
-- wrap-up codes (var topic_source is not 'model'), every code seen in the contacts that the
-- taxonomy does not know becomes a topic of its own: id = the code as snake_case, name = the
-- code as written (the most common spelling), so a source's own categories (e.g. Boston 311's
-- request types) report without a taxonomy entry for each.

with

topics as (

    select * from {{ ref('stg_raw__topics') }}

),

natures as (

    select * from {{ ref('topic_natures') }}

),

wrap_up_topics as (

    select * from {{ ref('int_contacts_wrap_up_topics') }}

),

taxonomy_topics as (

    select
        topics.topic_id,
        topics.topic_name,
        topics.service_area,
        topics.lgsl_code,
        topics.description,
        topics.is_safeguarding,
        coalesce(
            natures.nature,
            case when topics.is_safeguarding then 'safeguarding' else 'unknown' end
        ) as topic_nature,
        'taxonomy' as topic_origin

    from topics
    left join natures
        on topics.topic_id = natures.topic_id
    where topics.topic_id <> 'unclassified'

),

unclassified_topic as (

    select
        'unclassified' as topic_id,
        'Unclassified' as topic_name,
        'Not known' as service_area,
        cast(null as integer) as lgsl_code,
        'Contacts the topic model could not place with enough confidence, '
        || 'or has not classified yet.' as description,
        false as is_safeguarding,
        'unknown' as topic_nature,
        'unclassified' as topic_origin

),

unknown_code_spellings as (

    select
        wrap_up_code_topic_id as topic_id,
        trim(wrap_up_code) as wrap_up_code,
        count(*) as contacts

    from wrap_up_topics
    where
        '{{ var("topic_source") }}' <> 'model'
        and taxonomy_topic_id is null
        and wrap_up_code_topic_id is not null
    group by wrap_up_code_topic_id, trim(wrap_up_code)

),

spellings_ranked as (

    select
        unknown_code_spellings.*,
        row_number() over (
            partition by unknown_code_spellings.topic_id
            order by unknown_code_spellings.contacts desc, unknown_code_spellings.wrap_up_code asc
        ) as spelling_rank

    from unknown_code_spellings

),

code_topics as (

    select
        topic_id,
        -- the most common spelling names the topic (ties: the first in sort order)
        wrap_up_code as topic_name,
        'Source wrap-up codes' as service_area,
        cast(null as integer) as lgsl_code,
        'A wrap-up code of the source that the taxonomy does not list.' as description,
        false as is_safeguarding,
        'unknown' as topic_nature,
        'wrap_up_code' as topic_origin

    from spellings_ranked
    where
        spelling_rank = 1
        and topic_id not in (select taxonomy_topics.topic_id from taxonomy_topics)
        and topic_id <> 'unclassified'

),

unioned as (

    select * from taxonomy_topics
    union all
    select * from unclassified_topic
    union all
    select * from code_topics

),

final as (

    select * from unioned

)

select * from final
