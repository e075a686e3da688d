-- One row per contact with its reporting topic and repeat-contact flags.
-- Tolerates an empty ml.contact_topics (before the first classification): every contact is
-- then 'unclassified'. A classification naming a topic that is no longer in the taxonomy is
-- also reported as 'unclassified' (tests/assert_classified_topics_exist_in_taxonomy warns).

with

contacts as (

    select * from {{ ref('stg_raw__contacts') }}

),

contact_topics as (

    select * from {{ ref('stg_ml__contact_topics') }}

),

topics as (

    select * from {{ ref('int_topics_unioned') }}

),

classified as (

    select
        contacts.contact_key,
        contacts.source_system,
        contacts.contact_id,
        contacts.started_at,
        contacts.started_at_local,
        contacts.contact_date,
        contacts.week_start,
        contacts.channel,
        contacts.queue,
        contacts.wrap_up_code,
        contacts.outcome,
        contacts.handle_seconds,
        contacts.wait_seconds,
        contacts.caller_pseudonym,
        contacts.is_vulnerable,
        contacts.updated_at,
        coalesce(topics.topic_id, 'unclassified') as topic_id,
        contact_topics.topic_confidence,
        contact_topics.model_version

    from contacts
    left join contact_topics
        on contacts.contact_key = contact_topics.contact_key
    left join topics
        on contact_topics.topic_id = topics.topic_id

),

caller_sequence as (

    select
        classified.*,
        lag(started_at) over (
            partition by caller_pseudonym
            order by started_at, contact_key
        ) as previous_started_at,
        lead(started_at) over (
            partition by caller_pseudonym
            order by started_at, contact_key
        ) as next_started_at

    from classified

),

repeat_flags as (

    select
        caller_sequence.*,
        case
            when caller_pseudonym is not null
                and previous_started_at >= {{ dbt.dateadd('day', -7, 'started_at') }}
                then true
            else false
        end as is_repeat_contact,
        case
            when caller_pseudonym is not null
                and next_started_at <= {{ dbt.dateadd('day', 7, 'started_at') }}
                then true
            else false
        end as has_repeat_within_7_days

    from caller_sequence

),

final as (

    select
        contact_key,
        source_system,
        contact_id,
        started_at,
        started_at_local,
        contact_date,
        week_start,
        channel,
        queue,
        wrap_up_code,
        outcome,
        handle_seconds,
        wait_seconds,
        caller_pseudonym,
        is_vulnerable,
        updated_at,
        topic_id,
        topic_confidence,
        model_version,
        is_repeat_contact,
        has_repeat_within_7_days,
        -- Resolved, and the resident did not need to contact us again within 7 days.
        (outcome = 'resolved' and not has_repeat_within_7_days) as is_first_contact_resolution

    from repeat_flags

)

select * from final
