-- Per topic, the figures for the automation window: the trailing complete weeks
-- (var automation_window_weeks, 13) ending at var('as_of_date') or, by default, at the last
-- complete week in the data. The window is shortened when the data starts later (its first
-- complete week), so weekly averages are over weeks that were really covered. Whether a week is
-- complete is judged against the centre's opening days, as for the trends (int_weeks_covered,
-- decision 0016): a weekday-only centre's latest week is complete when its data runs to Friday
-- afternoon.
-- Counts, handle times, rates, costs, wording and phrasings exclude contacts with
-- vulnerability markers; the vulnerable share is of all the topic's contacts in the window.
-- cost_per_year scales the window's cost to 52 weeks; the cost of a contact is
-- var cost_per_contact by its channel (pounds). Wording: a contact repeats another's wording
-- when their normalised text (lower case, letters only) agrees on its first
-- var automation_wording_prefix_chars characters; the most common such wordings give the
-- representative phrasings (one redacted example each, at most var automation_max_phrasings).
-- A phrasing (issue 14) is a whole text, never cut: the customer's wording only (lines that
-- start with an agent's speaker prefix, "Agent:", "Adviser:"..., are dropped and "Visitor:",
-- "Customer:"... prefixes removed), from a contact not flagged vulnerable, at most
-- var automation_phrasing_max_chars (160) characters long, with [PLACEHOLDERS] making up at
-- most var automation_phrasing_max_placeholder_share (a third) of its words. A wording with
-- no such text gives no phrasing.

{%- set as_of_date = "cast('" ~ var('as_of_date') ~ "' as date)" %}
{%- set costs = var('cost_per_contact') %}
{%- set prefix_chars = var('automation_wording_prefix_chars') %}
{#- a line of a transcript spoken by the agent, and a customer's speaker prefix -#}
{%- set agent_line =
    '(^|\\n)[ \\t]*(agent|adviser|advisor|operator|officer|staff|call handler|csa|bot)[ \\t]*:[^\\n]*'
%}
{%- set customer_prefix =
    '(^|\\n)[ \\t]*(visitor|customer|caller|resident|citizen|member of the public|user)[ \\t]*:'
%}
{%- set as_of_week_end = dbt.dateadd('day', -1, dbt.date_trunc('week', dbt.dateadd('day', 1, as_of_date))) %}

with

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

topics as (

    select * from {{ ref('int_topics_unioned') }}

),

weeks as (

    select * from {{ ref('int_weeks_covered') }}

),

week_bounds as (

    select
        min(week_start) as first_week_start,
        max(week_start) as last_week_start,
        min(case when not is_partial_week then week_start end) as first_complete_week_start,
        max(case when not is_partial_week then week_start end) as last_complete_week_start

    from weeks

),

window_edges as (

    select
        -- the first week the data covers completely (with none: the week after the last)
        coalesce(
            first_complete_week_start,
            cast({{ dbt.dateadd('day', 7, 'last_week_start') }} as date)
        ) as first_complete_week_start,
        -- the Sunday ending the last week the data covers completely (with none: the day before
        -- the first week)
        coalesce(
            cast({{ dbt.dateadd('day', 6, 'last_complete_week_start') }} as date),
            cast({{ dbt.dateadd('day', -1, 'first_week_start') }} as date)
        ) as data_window_end,
        -- the Sunday ending the last complete week on or before as_of_date
        {{ 'cast(' ~ as_of_week_end ~ ' as date)' if var('as_of_date') else 'null' }} as as_of_window_end

    from week_bounds

),

window_ends as (

    select
        first_complete_week_start,
        coalesce(as_of_window_end, data_window_end) as window_end

    from window_edges

),

window_bounds as (

    select
        greatest(
            cast({{ dbt.dateadd('day', 1 - 7 * var('automation_window_weeks'), 'window_end') }} as date),
            first_complete_week_start
        ) as window_start,
        window_end

    from window_ends

),

window_weeks as (

    select
        window_start,
        window_end,
        cast(
            greatest(
                -- sqlfluff measures dbt-duckdb's multi-line datediff as one long line
                -- (sqlfluff/sqlfluff#7639)
                {{ dbt.datediff('window_start', 'window_end', 'day') }} + 1,  -- noqa: LT05
                0
            ) / 7 as integer
        ) as weeks_in_window

    from window_bounds

),

window_contacts as (

    select
        contacts.*,
        case contacts.channel
            {%- for channel, cost in costs.items() %}
            when '{{ channel }}' then {{ cost }}
            {%- endfor %}
            else {{ costs.get('other', 0) }}
        end as cost_per_contact,
        substring(
            trim(regexp_replace(lower(contacts.text_redacted), '[^a-z]+', ' ', 'g')),
            1,
            {{ prefix_chars }}
        ) as wording

    from contacts
    cross join window_weeks
    where
        contacts.week_start >= window_weeks.window_start
        and contacts.week_start <= window_weeks.window_end

),

-- the customer's lines of the redacted text: agent lines dropped, speaker prefixes removed
customer_texts as (

    select
        window_contacts.*,
        trim(regexp_replace(
            regexp_replace(
                regexp_replace(
                    window_contacts.text_redacted,
                    '{{ agent_line }}',
                    '',
                    'gi'
                ),
                '{{ customer_prefix }}',
                '\1',
                'gi'
            ),
            '\s+',
            ' ',
            'g'
        )) as customer_text

    from window_contacts

),

-- its words (spaces + 1) and [PLACEHOLDERS] (each replaced by one character, less each
-- replaced by none)
text_counts as (

    select
        customer_texts.*,
        length(customer_texts.customer_text)
        - length(replace(customer_texts.customer_text, ' ', '')) + 1 as words,
        length(regexp_replace(customer_texts.customer_text, '\[[A-Z][A-Z_]*\]', '.', 'g'))
        - length(regexp_replace(customer_texts.customer_text, '\[[A-Z][A-Z_]*\]', '', 'g'))
            as placeholders

    from customer_texts

),

phrasing_candidates as (

    select
        text_counts.*,
        case
            when
                not text_counts.is_vulnerable
                and text_counts.customer_text <> ''
                and length(text_counts.customer_text) <= {{ var('automation_phrasing_max_chars') }}
                and text_counts.placeholders
                <= {{ var('automation_phrasing_max_placeholder_share') }} * text_counts.words
                then text_counts.customer_text
        end as phrasing_text

    from text_counts

),

wordings as (

    select
        topic_id,
        wording,
        count(*) as wording_contacts,
        min(phrasing_text) as example_text

    from phrasing_candidates
    where
        not is_vulnerable
        and wording is not null
        and wording <> ''
    group by topic_id, wording

),

wordings_ranked as (

    select
        wordings.*,
        row_number() over (
            partition by wordings.topic_id
            order by wordings.wording_contacts desc, wordings.wording asc
        ) as wording_rank

    from wordings
    where wordings.example_text is not null

),

topic_wordings as (

    select
        topic_id,
        sum(wording_contacts) as contacts_with_text,
        sum(case when wording_contacts > 1 then wording_contacts else 0 end)
            as contacts_with_repeated_wording

    from wordings
    group by topic_id

),

top_wordings as (

    select
        topic_id,
        wording_rank,
        example_text as phrasing

    from wordings_ranked
    where wording_rank <= {{ var('automation_max_phrasings') }}

),

topic_phrasings as (

    select
        topic_id,
        {{ dbt.listagg("phrasing", "' | '", "order by wording_rank") }} as representative_phrasings

    from top_wordings
    group by topic_id

),

topic_figures as (

    select
        topic_id,
        count(*) as all_contacts,
        sum(case when is_vulnerable then 1 else 0 end) as vulnerable_contacts,
        sum(case when is_vulnerable then 0 else 1 end) as contacts,
        sum(case when not is_vulnerable and is_avoidable then 1 else 0 end) as avoidable_contacts,
        {{ percentile('case when not is_vulnerable then handle_seconds end', 0.5) }} as median_handle_seconds,
        avg(case when not is_vulnerable then handle_seconds end) as mean_handle_seconds,
        avg(
            case when is_vulnerable then null when is_first_contact_resolution then 1.0 else 0.0 end
        ) as first_contact_resolution_rate,
        avg(
            case when is_vulnerable then null when outcome = 'transferred' then 1.0 else 0.0 end
        ) as transfer_rate,
        avg(
            case when is_vulnerable then null when outcome = 'escalated' then 1.0 else 0.0 end
        ) as escalation_rate,
        sum(case when is_vulnerable then 0 else cost_per_contact end) as window_cost

    from window_contacts
    group by topic_id

),

final as (

    select
        topics.topic_id,
        topics.topic_name,
        topics.service_area,
        topics.is_safeguarding,
        topics.topic_nature,
        window_weeks.window_start,
        window_weeks.window_end,
        window_weeks.weeks_in_window,
        coalesce(topic_figures.all_contacts, 0) as all_contacts,
        coalesce(topic_figures.vulnerable_contacts, 0) as vulnerable_contacts,
        coalesce(topic_figures.contacts, 0) as contacts,
        coalesce(topic_figures.avoidable_contacts, 0) as avoidable_contacts,
        topic_figures.median_handle_seconds,
        topic_figures.mean_handle_seconds,
        topic_figures.first_contact_resolution_rate,
        topic_figures.transfer_rate,
        topic_figures.escalation_rate,
        coalesce(topic_wordings.contacts_with_text, 0) as contacts_with_text,
        coalesce(topic_wordings.contacts_with_repeated_wording, 0) as contacts_with_repeated_wording,
        case
            when window_weeks.weeks_in_window > 0
                then coalesce(topic_figures.window_cost, 0) * 52.0 / window_weeks.weeks_in_window
            else 0.0
        end as cost_per_year,
        topic_phrasings.representative_phrasings

    from topics
    cross join window_weeks
    left join topic_figures
        on topics.topic_id = topic_figures.topic_id
    left join topic_wordings
        on topics.topic_id = topic_wordings.topic_id
    left join topic_phrasings
        on topics.topic_id = topic_phrasings.topic_id

)

select * from final
