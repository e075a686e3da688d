-- One row per contact with its reporting topic, repeat-contact and avoidable-contact flags.
-- Where the topic comes from is var topic_source:
--   model                    the classifier's topic ('unclassified' below its threshold)
--   wrap_up_code             the contact's wrap-up code: the taxonomy topic the code belongs
--                            to, else the code's own topic (int_contacts_wrap_up_topics,
--                            int_topics_unioned); no code -> 'unclassified'
--   wrap_up_code_else_model  the wrap-up code's topic where the contact has a code, else the model's
-- Tolerates an empty ml.contact_topics (before the first classification): every contact is
-- then 'unclassified'. A classification naming a topic that is no longer in the taxonomy is
-- also reported as 'unclassified' (tests/assert_classified_topics_exist_in_taxonomy warns).
-- Avoidable (failure demand, after the former National Indicator 14): the same caller had a
-- contact on the same topic in the var avoidable_repeat_days (7) days before, or the redacted
-- text matches var avoidable_text_pattern (chasing, "still not collected", "already paid"...).
-- A contact in stg_raw__contact_flags_frozen keeps the four flags frozen there: retention
-- (decision 0019) froze them before removing its text and caller pseudonym, so its week's
-- figures stay as published.

{{ config(materialized='table') }}

{%- set topic_source = var('topic_source') %}
{%- if topic_source not in ('model', 'wrap_up_code', 'wrap_up_code_else_model') %}
    {{ exceptions.raise_compiler_error(
        "var topic_source is '" ~ topic_source ~ "'; expected model, wrap_up_code or "
        ~ "wrap_up_code_else_model"
    ) }}
{%- endif %}

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

wrap_up_topics as (

    select * from {{ ref('int_contacts_wrap_up_topics') }}

),

frozen_flags as (

    select * from {{ ref('stg_raw__contact_flags_frozen') }}

),

topic_candidates as (

    select
        contacts.*,
        contact_topics.contact_key is not null as is_classified,
        -- a classification naming a topic no longer in the taxonomy reports as unclassified
        coalesce(model_topics.topic_id, 'unclassified') as model_topic_id,
        contact_topics.topic_confidence as model_confidence,
        contact_topics.model_version as classifier_version,
        code_topics.topic_id as code_topic_id

    from contacts
    left join contact_topics
        on contacts.contact_key = contact_topics.contact_key
    left join topics as model_topics
        on contact_topics.topic_id = model_topics.topic_id
    left join wrap_up_topics
        on contacts.contact_key = wrap_up_topics.contact_key
    left join topics as code_topics
        on wrap_up_topics.wrap_up_code_topic_id = code_topics.topic_id

),

topic_chosen as (

    select
        topic_candidates.*,
        case
            {%- if topic_source == 'model' %}
            when topic_candidates.is_classified then 'model'
            {%- elif topic_source == 'wrap_up_code' %}
            when code_topic_id is not null then 'wrap_up_code'
            {%- else %}
            when code_topic_id is not null then 'wrap_up_code'
            when is_classified then 'model'
            {%- endif %}
            else 'none'
        end as topic_source

    from topic_candidates

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
        contacts.text_redacted,
        contacts.is_vulnerable,
        contacts.updated_at,
        contacts.topic_source,
        case contacts.topic_source
            when 'model' then contacts.model_topic_id
            when 'wrap_up_code' then contacts.code_topic_id
            else 'unclassified'
        end as topic_id,
        case when contacts.topic_source = 'model' then contacts.model_confidence end
            as topic_confidence,
        case when contacts.topic_source = 'model' then contacts.classifier_version end
            as model_version

    from topic_chosen as contacts

),

caller_sequence as (

    select
        classified.*,
        lag(classified.started_at) over (
            partition by classified.caller_pseudonym
            order by classified.started_at, classified.contact_key
        ) as previous_started_at,
        lead(classified.started_at) over (
            partition by classified.caller_pseudonym
            order by classified.started_at, classified.contact_key
        ) as next_started_at,
        lag(classified.started_at) over (
            partition by classified.caller_pseudonym, classified.topic_id
            order by classified.started_at, classified.contact_key
        ) as previous_same_topic_started_at

    from classified

),

repeat_flags as (

    select
        caller_sequence.*,
        case
            when
                caller_sequence.caller_pseudonym is not null
                and caller_sequence.previous_started_at >= {{ dbt.dateadd('day', -7, 'started_at') }}
                then true
            else false
        end as is_repeat_contact,
        case
            when
                caller_sequence.caller_pseudonym is not null
                and caller_sequence.next_started_at <= {{ dbt.dateadd('day', 7, 'started_at') }}
                then true
            else false
        end as has_repeat_within_7_days,
        case
            when
                caller_sequence.caller_pseudonym is not null
                and caller_sequence.previous_same_topic_started_at >= {{
                    dbt.dateadd('day', -1 * var('avoidable_repeat_days'), 'started_at')
                }}
                then true
            else false
        end as is_same_topic_repeat,
        {{ matches_pattern('text_redacted', var('avoidable_text_pattern') | trim) }}
            as has_failure_wording

    from caller_sequence

),

flags_kept as (

    select
        repeat_flags.contact_key,
        repeat_flags.source_system,
        repeat_flags.contact_id,
        repeat_flags.started_at,
        repeat_flags.started_at_local,
        repeat_flags.contact_date,
        repeat_flags.week_start,
        repeat_flags.channel,
        repeat_flags.queue,
        repeat_flags.wrap_up_code,
        repeat_flags.outcome,
        repeat_flags.handle_seconds,
        repeat_flags.wait_seconds,
        repeat_flags.caller_pseudonym,
        repeat_flags.text_redacted,
        repeat_flags.is_vulnerable,
        repeat_flags.updated_at,
        repeat_flags.topic_id,
        repeat_flags.topic_source,
        repeat_flags.topic_confidence,
        repeat_flags.model_version,
        coalesce(frozen_flags.is_repeat_contact, repeat_flags.is_repeat_contact)
            as is_repeat_contact,
        coalesce(frozen_flags.has_repeat_within_7_days, repeat_flags.has_repeat_within_7_days)
            as has_repeat_within_7_days,
        coalesce(frozen_flags.is_same_topic_repeat, repeat_flags.is_same_topic_repeat)
            as is_same_topic_repeat,
        coalesce(frozen_flags.has_failure_wording, repeat_flags.has_failure_wording)
            as has_failure_wording

    from repeat_flags
    left join frozen_flags
        on repeat_flags.contact_key = frozen_flags.contact_key

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
        text_redacted,
        is_vulnerable,
        updated_at,
        topic_id,
        topic_source,
        topic_confidence,
        model_version,
        is_repeat_contact,
        has_repeat_within_7_days,
        -- Resolved, and the resident did not need to contact us again within 7 days.
        (outcome = 'resolved' and not has_repeat_within_7_days) as is_first_contact_resolution,
        is_same_topic_repeat,
        has_failure_wording,
        (is_same_topic_repeat or has_failure_wording) as is_avoidable

    from flags_kept

)

select * from final
