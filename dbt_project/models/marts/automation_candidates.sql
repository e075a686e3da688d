-- One row per topic, scored over the automation window (int_topic_windows_aggregated).
-- Component scores, each 0..1:
--   volume         = value-demand contacts (contacts - avoidable contacts)
--                    / the most value-demand contacts of any ranked (not excluded) topic
--   repetitiveness = share of the topic's contacts with text whose wording repeats another's
--   simplicity     = 1 - least(median handle seconds / 900, 1)   (0 when unknown)
--   resolvability  = first-contact resolution rate (resolved, not transferred or escalated,
--                    and no further contact from the caller within 7 days)
--   nature         = var automation_nature_scores of the topic's nature (seeds/topic_natures.csv)
-- automation_score = 100 x (0.30 volume + 0.20 repetitiveness + 0.15 simplicity
--                    + 0.20 resolvability + 0.15 nature), to 1 decimal place (weights are vars,
--                    adding up to 1)
-- Excluded topics get a reason and no rank, first matching reason wins: safeguarding,
-- unclassified, vulnerable share above 10% with 95% confidence, fewer than 10 contacts.
-- "With 95% confidence": the one-sided Wilson lower bound of the share of the topic's contacts
-- that carry a vulnerability marker, at z = var automation_vulnerable_share_z, is above var
-- automation_max_vulnerable_share. The marker lexicon flags some ordinary contacts (its
-- background false-positive rate, docs/privacy.md), so one or two flags in a small topic are
-- not taken as a vulnerable caseload. Failure demand is shown
-- separately (avoidable_contacts, avoidable_contact_rate) and left out of the volume score:
-- it is fixed at its cause, not by a chatbot.
-- agent_hours_per_year = contacts a year x mean handle seconds / 3600 (1 decimal place);
-- cost_per_year = contacts a year x var cost_per_contact of each contact's channel, in pounds
-- (as the var is), to 2 decimal places.

{%- set max_vulnerable_share = var('automation_max_vulnerable_share') %}
{%- set max_vulnerable_percent = (max_vulnerable_share * 100) | round | int %}
{%- set share_z = var('automation_vulnerable_share_z') %}
{%- set simple_handle_seconds = var('automation_simple_handle_seconds') %}
{%- set nature_scores = var('automation_nature_scores') %}

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
            when topic_windows.contacts > 0
                then topic_windows.avoidable_contacts * 1.0 / topic_windows.contacts
        end as avoidable_contact_rate,
        topic_windows.contacts - topic_windows.avoidable_contacts as value_demand_contacts,
        case
            when topic_windows.all_contacts > 0
                then topic_windows.vulnerable_contacts * 1.0 / topic_windows.all_contacts
            else 0.0
        end as vulnerable_share

    from topic_windows

),

share_bounds as (

    select
        topic_shares.*,
        case
            when topic_shares.all_contacts > 0
                then (
                    topic_shares.vulnerable_share
                    + {{ share_z }} * {{ share_z }} / (2.0 * topic_shares.all_contacts)
                    - {{ share_z }} * sqrt(
                        topic_shares.vulnerable_share * (1.0 - topic_shares.vulnerable_share)
                        / topic_shares.all_contacts
                        + {{ share_z }} * {{ share_z }}
                        / (4.0 * topic_shares.all_contacts * topic_shares.all_contacts)
                    )
                ) / (1.0 + {{ share_z }} * {{ share_z }} / topic_shares.all_contacts)
            else 0.0
        end as vulnerable_share_lower_bound

    from topic_shares

),

reasons as (

    select
        share_bounds.*,
        case
            when share_bounds.is_safeguarding or share_bounds.topic_nature = 'safeguarding'
                then 'safeguarding topic: must stay with a person'
            when share_bounds.topic_id = 'unclassified'
                then 'unclassified: these contacts have no single topic to automate'
            when share_bounds.vulnerable_share_lower_bound > {{ max_vulnerable_share }}
                then
                    'more than {{ max_vulnerable_percent }}% of contacts came from residents '
                    || 'with vulnerability markers'
            when share_bounds.contacts < {{ var('automation_min_contacts') }}
                then 'fewer than {{ var("automation_min_contacts") }} contacts in the window'
        end as exclusion_reason

    from share_bounds

),

volume_reference as (

    select max(value_demand_contacts) as busiest_candidate_contacts
    from reasons
    where exclusion_reason is null

),

components as (

    select
        reasons.*,
        coalesce(
            least(
                reasons.value_demand_contacts * 1.0
                / nullif(volume_reference.busiest_candidate_contacts, 0),
                1.0
            ),
            0.0
        ) as volume_score,
        case
            when reasons.contacts_with_text > 0
                then reasons.contacts_with_repeated_wording * 1.0 / reasons.contacts_with_text
            else 0.0
        end as repetitiveness_score,
        coalesce(
            1.0 - least(reasons.median_handle_seconds / ({{ simple_handle_seconds }} * 1.0), 1.0),
            0.0
        ) as simplicity_score,
        coalesce(reasons.first_contact_resolution_rate, 0.0) as resolvability_score,
        case reasons.topic_nature
            {%- for nature, score in nature_scores.items() %}
            when '{{ nature }}' then {{ score }}
            {%- endfor %}
            else {{ nature_scores.get('unknown', 0.5) }}
        end as nature_score

    from reasons
    cross join volume_reference

),

scored as (

    select
        components.*,
        round(100.0 * (
            {{ var('automation_weight_volume') }} * components.volume_score
            + {{ var('automation_weight_repetitiveness') }} * components.repetitiveness_score
            + {{ var('automation_weight_simplicity') }} * components.simplicity_score
            + {{ var('automation_weight_resolvability') }} * components.resolvability_score
            + {{ var('automation_weight_nature') }} * components.nature_score
        ), 1) as automation_score

    from components

),

ranked as (

    select
        scored.*,
        scored.exclusion_reason is not null as is_excluded,
        case
            when scored.exclusion_reason is null then row_number() over (
                partition by case when scored.exclusion_reason is null then 0 else 1 end
                order by scored.automation_score desc, scored.contacts desc, scored.topic_id asc
            )
        end as candidate_rank

    from scored

),

described as (

    select
        ranked.*,
        case
            when ranked.contacts = 0 then 0.0
            else round(ranked.weekly_average_contacts * 52 * ranked.mean_handle_seconds / 3600.0, 1)
        end as agent_hours_per_year,
        case
            when ranked.is_excluded then 'Not ranked: ' || ranked.exclusion_reason || '.'
            else
                'About ' || {{ format_number('weekly_average_contacts') }} || ' contacts a week, '
                || {{ format_number('coalesce(first_contact_resolution_rate, 0) * 100') }}
                || '% resolved first time, '
                || coalesce(
                    'median ' || {{ format_number('median_handle_seconds / 60.0', 1) }} || ' minutes',
                    'handle time unknown'
                )
                || ': '
                || case
                    when ranked.automation_score >= {{ var('automation_strong_score') }}
                        then 'a strong candidate for a web page, form or chatbot'
                    when ranked.automation_score >= {{ var('automation_worth_a_look_score') }}
                        then 'worth considering for self-service'
                    else 'better kept with agents for now'
                end
                || case
                    when ranked.avoidable_contact_rate >= {{ var('automation_failure_demand_note_rate') }}
                        then
                            '; ' || {{ format_number('avoidable_contact_rate * 100') }}
                            || '% are failure demand (chasing or repeat contacts), '
                            || 'better fixed at the cause'
                    else ''
                end
                || '.'
        end as rationale

    from ranked

),

final as (

    select
        cast(topic_id as varchar) as topic_id,
        cast(topic_name as varchar) as topic_name,
        cast(service_area as varchar) as service_area,
        cast(topic_nature as varchar) as topic_nature,
        cast(window_start as date) as window_start,
        cast(window_end as date) as window_end,
        cast(contacts as integer) as contacts,
        cast(weekly_average_contacts as double) as weekly_average_contacts,
        cast(avoidable_contacts as integer) as avoidable_contacts,
        cast(avoidable_contact_rate as double) as avoidable_contact_rate,
        cast(median_handle_seconds as double) as median_handle_seconds,
        cast(mean_handle_seconds as double) as mean_handle_seconds,
        cast(first_contact_resolution_rate as double) as first_contact_resolution_rate,
        cast(volume_score as double) as volume_score,
        cast(repetitiveness_score as double) as repetitiveness_score,
        cast(simplicity_score as double) as simplicity_score,
        cast(resolvability_score as double) as resolvability_score,
        cast(nature_score as double) as nature_score,
        cast(automation_score as double) as automation_score,
        cast(candidate_rank as integer) as candidate_rank,
        cast(is_excluded as boolean) as is_excluded,
        cast(exclusion_reason as varchar) as exclusion_reason,
        cast(agent_hours_per_year as double) as agent_hours_per_year,
        cast(round(cost_per_year, 2) as double) as cost_per_year,
        cast(rationale as varchar) as rationale,
        -- redacted wording of non-vulnerable contacts; none for excluded topics
        cast(case when not is_excluded then representative_phrasings end as varchar)
            as representative_phrasings

    from described

)

select * from final
