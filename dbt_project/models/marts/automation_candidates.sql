-- One row per topic, scored over the automation window (int_topic_windows_aggregated).
-- Component scores, each 0..1:
--   volume         = contacts / the most contacts of any ranked (not excluded) topic
--   repetitiveness = mean classifier confidence of the topic's contacts
--   simplicity     = 1 - least(median handle seconds / 900, 1)   (0 when unknown)
--   resolvability  = first-contact resolution rate x (1 - escalation rate)
-- automation_score = 0.35 volume + 0.20 repetitiveness + 0.20 simplicity + 0.25 resolvability
-- (weights are vars). Excluded topics get a reason and no rank, first matching reason wins:
-- safeguarding, unclassified, vulnerable share above 10%, fewer than 10 contacts.

{%- set max_vulnerable_share = var('automation_max_vulnerable_share') %}
{%- set max_vulnerable_percent = (max_vulnerable_share * 100) | round | int %}
{%- set simple_handle_seconds = var('automation_simple_handle_seconds') %}

with

topic_windows as (

    select * from {{ ref('int_topic_windows_aggregated') }}

),

topic_shares as (

    select
        topic_windows.*,
        case
            when topic_windows.weeks_in_window > 0
                then topic_windows.contacts * 1.0 / topic_windows.weeks_in_window
        end as weekly_average_contacts,
        case
            when topic_windows.all_contacts > 0
                then topic_windows.vulnerable_contacts * 1.0 / topic_windows.all_contacts
            else 0.0
        end as vulnerable_share

    from topic_windows

),

reasons as (

    select
        topic_shares.*,
        case
            when is_safeguarding
                then 'safeguarding topic: must stay with a person'
            when topic_id = 'unclassified'
                then 'unclassified: these contacts have no single topic to automate'
            when vulnerable_share > {{ max_vulnerable_share }}
                then 'more than {{ max_vulnerable_percent }}% of contacts came from residents '
                    || 'with vulnerability markers'
            when contacts < {{ var('automation_min_contacts') }}
                then 'fewer than {{ var("automation_min_contacts") }} contacts in the window'
        end as exclusion_reason

    from topic_shares

),

volume_reference as (

    select max(contacts) as busiest_candidate_contacts
    from reasons
    where exclusion_reason is null

),

components as (

    select
        reasons.*,
        coalesce(
            least(reasons.contacts * 1.0 / nullif(volume_reference.busiest_candidate_contacts, 0), 1.0),
            0.0
        ) as volume_score,
        coalesce(reasons.mean_confidence, 0.0) as repetitiveness_score,
        coalesce(
            1.0 - least(reasons.median_handle_seconds / ({{ simple_handle_seconds }} * 1.0), 1.0),
            0.0
        ) as simplicity_score,
        coalesce(reasons.first_contact_resolution_rate, 0.0)
            * (1.0 - coalesce(reasons.escalation_rate, 0.0)) as resolvability_score

    from reasons
    cross join volume_reference

),

scored as (

    select
        components.*,
        {{ var('automation_weight_volume') }} * volume_score
            + {{ var('automation_weight_repetitiveness') }} * repetitiveness_score
            + {{ var('automation_weight_simplicity') }} * simplicity_score
            + {{ var('automation_weight_resolvability') }} * resolvability_score
            as automation_score

    from components

),

ranked as (

    select
        scored.*,
        exclusion_reason is not null as is_excluded,
        case
            when exclusion_reason is null then row_number() over (
                partition by case when exclusion_reason is null then 0 else 1 end
                order by automation_score desc, contacts desc, topic_id
            )
        end as candidate_rank

    from scored

),

described as (

    select
        ranked.*,
        case
            when contacts = 0 then 0.0
            else weekly_average_contacts * 52 * median_handle_seconds / 3600.0
        end as agent_hours_per_year,
        case
            when is_excluded then 'Not ranked: ' || exclusion_reason || '.'
            else 'About ' || {{ format_number('weekly_average_contacts') }} || ' contacts a week, '
                || {{ format_number('coalesce(first_contact_resolution_rate, 0) * 100') }}
                || '% resolved first time, '
                || coalesce(
                    'median ' || {{ format_number('median_handle_seconds / 60.0', 1) }} || ' minutes',
                    'handle time unknown'
                )
                || ': '
                || case
                    when automation_score >= {{ var('automation_strong_score') }}
                        then 'a strong candidate for a web page, form or chatbot.'
                    when automation_score >= {{ var('automation_worth_a_look_score') }}
                        then 'worth considering for self-service.'
                    else 'better kept with agents for now.'
                end
        end as rationale

    from ranked

),

final as (

    select
        cast(topic_id as varchar) as topic_id,
        cast(topic_name as varchar) as topic_name,
        cast(service_area as varchar) as service_area,
        cast(window_start as date) as window_start,
        cast(window_end as date) as window_end,
        cast(contacts as integer) as contacts,
        cast(weekly_average_contacts as double) as weekly_average_contacts,
        cast(median_handle_seconds as double) as median_handle_seconds,
        cast(first_contact_resolution_rate as double) as first_contact_resolution_rate,
        cast(volume_score as double) as volume_score,
        cast(repetitiveness_score as double) as repetitiveness_score,
        cast(simplicity_score as double) as simplicity_score,
        cast(resolvability_score as double) as resolvability_score,
        cast(automation_score as double) as automation_score,
        cast(candidate_rank as integer) as candidate_rank,
        cast(is_excluded as boolean) as is_excluded,
        cast(exclusion_reason as varchar) as exclusion_reason,
        cast(agent_hours_per_year as double) as agent_hours_per_year,
        cast(rationale as varchar) as rationale

    from described

)

select * from final
