-- Fails for any representative phrasing (issue 14) that is longer than
-- var automation_phrasing_max_chars, ends in an ellipsis (cut-off text), holds a line an agent
-- spoke ("Agent: ..."), or has more than var automation_phrasing_max_placeholder_share of its
-- words as [PLACEHOLDERS]. Phrasings are split on the ' | ' that joins them.

with

candidates as (

    select * from {{ ref('automation_candidates') }}

),

phrasings as (

    select
        candidates.topic_id,
        unnest(string_split(candidates.representative_phrasings, ' | ')) as phrasing

    from candidates
    where candidates.representative_phrasings is not null

),

counted as (

    select
        phrasings.topic_id,
        phrasings.phrasing,
        length(phrasings.phrasing) - length(replace(phrasings.phrasing, ' ', '')) + 1 as words,
        length(regexp_replace(phrasings.phrasing, '\[[A-Z][A-Z_]*\]', '.', 'g'))
        - length(regexp_replace(phrasings.phrasing, '\[[A-Z][A-Z_]*\]', '', 'g')) as placeholders

    from phrasings

),

final as (

    select
        topic_id,
        phrasing

    from counted
    where
        length(phrasing) > {{ var('automation_phrasing_max_chars') }}
        or phrasing like '%…'
        or regexp_matches(phrasing, '(^|\n)[ \t]*(agent|adviser|advisor|operator)[ \t]*:', 'i')
        or placeholders > {{ var('automation_phrasing_max_placeholder_share') }} * words

)

select * from final
