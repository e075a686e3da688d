-- Adds last week's figure, the robust trailing baseline, the z-score, the trend flag and a
-- one-sentence explanation to each week x topic x channel row (decision 0014).
-- Baseline = median contacts of the complete weeks among the trend_baseline_weeks (8) before
-- (null when none); spread = greatest(1.4826 x median absolute deviation of those weeks,
-- sqrt(greatest(baseline, 1))); z = (contacts - baseline) / spread. A median ignores a surge
-- until it fills half the window, so a sustained surge is measured against the pre-surge level.
-- Chance (decision 0018): expected_contacts is the baseline scaled to this week's working days
-- (at least 1); chance_p_value is the Poisson probability of a count at least this far from it
-- in the same direction (upper tail above, lower tail below; computed only where a spike,
-- rise or fall is possible, null elsewhere), summed over 200 terms of the Poisson
-- distribution (exact for the ratios the rule needs).
-- The rule (thresholds are vars in dbt_project.yml), checked in this order:
--   insufficient_history  fewer than trend_min_baseline_weeks (4) complete weeks in the baseline,
--                         except a complete week with contacts >=
--                         trend_short_history_spike_min_contacts (20) and >=
--                         trend_short_history_spike_ratio (10) x the largest earlier week
--                         (after at least one complete week), which is a spike
--   new      baseline = 0 (earlier complete weeks had none) and contacts >= trend_new_min_contacts
--   spike    contacts >= 12 and z >= 3 and contacts >= 2 x baseline and chance_p_value <= 0.001
--   rising   contacts >= 10 and contacts >= 1.5 x baseline and z >= 2 and chance_p_value <= 0.001
--   falling  baseline >= 10 and contacts <= 0.6 x baseline and z <= -2 and chance_p_value <= 0.001
--   steady   anything else
-- Partial weeks (the extract does not cover the whole week) can only be new, rising, steady or
-- insufficient_history.
-- Short weeks (decision 0016: a bank holiday on an opening day) are compared per working day:
-- compared_contacts = contacts x open_days / working_days, and the baseline, the z-score and
-- the ratios use compared_contacts of every week; the minimum counts (20 for a spike, ...) use
-- the real contacts. A week with no working day at all is treated as partial.
-- Seasonality (decisions 0016, 0018): last_year_ratio is how far the same weeks a year earlier
-- (trend_seasonal_lag_weeks (52) before, +- trend_seasonal_window_weeks (1)) stood from their
-- own baseline: the largest of their ratios when this week is above its baseline, the
-- smallest when below (complete weeks with a full baseline only). last_year_move_ratio is the
-- same over only those of the weeks that met the spike or rising test (above) or the falling
-- test (below) themselves: a chance wobble last year does not make this year's move seasonal.
-- A week that would be spike or rising is 'seasonal' instead when last_year_move_ratio is not
-- null, unless this week is clearly bigger: its ratio is more than
-- trend_seasonal_clearly_bigger (1.5) x last year's and its count is unlikely by chance at
-- last year's ratio (Poisson tail <= trend_seasonal_max_p_value); a fall likewise.

with

topic_weeks as (

    select * from {{ ref('int_topic_weeks_aggregated') }}

),

comparable as (

    select
        topic_weeks.*,
        coalesce(topic_weeks.working_days < topic_weeks.open_days, false) as is_short_week,
        case
            when topic_weeks.working_days > 0 and topic_weeks.working_days < topic_weeks.open_days
                then topic_weeks.contacts * 1.0 * topic_weeks.open_days / topic_weeks.working_days
            else topic_weeks.contacts * 1.0
        end as compared_contacts,
        topic_weeks.is_partial_week or coalesce(topic_weeks.working_days = 0, false) as is_unjudged_week

    from topic_weeks

),

history as (

    select
        topic_weeks.*,
        row_number() over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
        ) as week_number,
        lag(topic_weeks.contacts) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
        ) as contacts_last_week,
        lag(topic_weeks.contacts, {{ var('trend_seasonal_lag_weeks') }}) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
        ) as same_week_last_year_contacts,
        max(topic_weeks.contacts) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
            rows between unbounded preceding and 1 preceding
        ) as largest_earlier_contacts,
        count(case when not topic_weeks.is_unjudged_week then 1 end) over (
            partition by topic_weeks.topic_id, topic_weeks.channel
            order by topic_weeks.week_start
            rows between unbounded preceding and 1 preceding
        ) as complete_weeks_before

    from comparable as topic_weeks

),

-- each week with the complete weeks among the trend_baseline_weeks before it (the grid of
-- int_topic_weeks_aggregated has no gaps, so week numbers are consecutive weeks)
baseline_members as (

    select
        this_week.topic_id,
        this_week.channel,
        this_week.week_start,
        earlier_week.compared_contacts as earlier_contacts

    from history as this_week
    inner join history as earlier_week
        on
            this_week.topic_id = earlier_week.topic_id
            and this_week.channel = earlier_week.channel
            and this_week.week_number - {{ var('trend_baseline_weeks') }} <= earlier_week.week_number
            and this_week.week_number > earlier_week.week_number
    where not earlier_week.is_unjudged_week

),

baseline_medians as (

    select
        topic_id,
        channel,
        week_start,
        {{ percentile('earlier_contacts', 0.5) }} as baseline_contacts,
        count(*) as baseline_weeks

    from baseline_members
    group by topic_id, channel, week_start

),

baseline_deviations as (

    select
        baseline_members.topic_id,
        baseline_members.channel,
        baseline_members.week_start,
        {{ percentile(
            'abs(baseline_members.earlier_contacts - baseline_medians.baseline_contacts)', 0.5
        ) }} as baseline_mad

    from baseline_members
    inner join baseline_medians
        on
            baseline_members.topic_id = baseline_medians.topic_id
            and baseline_members.channel = baseline_medians.channel
            and baseline_members.week_start = baseline_medians.week_start
    group by baseline_members.topic_id, baseline_members.channel, baseline_members.week_start

),

scored as (

    select
        history.*,
        baseline_medians.baseline_contacts,
        baseline_deviations.baseline_mad,
        coalesce(baseline_medians.baseline_weeks, 0) as baseline_weeks,
        history.contacts - history.contacts_last_week as change_vs_last_week,
        greatest(
            1.4826 * baseline_deviations.baseline_mad,
            sqrt(greatest(baseline_medians.baseline_contacts, 1.0))
        ) as baseline_spread,
        -- the baseline in this week's own units (fewer working days, fewer contacts), at least 1
        greatest(
            baseline_medians.baseline_contacts * case
                when history.working_days > 0 and history.working_days < history.open_days
                    then history.working_days * 1.0 / history.open_days
                else 1.0
            end,
            1.0
        ) as expected_contacts

    from history
    left join baseline_medians
        on
            history.topic_id = baseline_medians.topic_id
            and history.channel = baseline_medians.channel
            and history.week_start = baseline_medians.week_start
    left join baseline_deviations
        on
            history.topic_id = baseline_deviations.topic_id
            and history.channel = baseline_deviations.channel
            and history.week_start = baseline_deviations.week_start

),

-- 0, 1, ... 199: the terms of a Poisson tail summed below
poisson_terms as (

    select series.generated_number - 1 as term
    from ({{ dbt.generate_series(200) }}) as series

),

-- P(X >= contacts) for X ~ Poisson(expected_contacts), where a spike or a rise is possible
upper_tails as (

    select
        scored.topic_id,
        scored.channel,
        scored.week_start,
        sum({{ poisson_probability(
            'scored.contacts + poisson_terms.term', 'scored.expected_contacts'
        ) }}) as upper_p_value

    from scored
    cross join poisson_terms
    where
        scored.contacts >= least(
            {{ var('trend_spike_min_contacts') }}, {{ var('trend_rising_min_contacts') }}
        )
        and scored.compared_contacts >= least(
            {{ var('trend_spike_min_ratio') }}, {{ var('trend_rising_min_ratio') }}
        ) * scored.baseline_contacts
    group by scored.topic_id, scored.channel, scored.week_start

),

-- P(X <= contacts) for X ~ Poisson(expected_contacts), where a fall is possible
lower_tails as (

    select
        scored.topic_id,
        scored.channel,
        scored.week_start,
        sum({{ poisson_probability(
            'scored.contacts - poisson_terms.term', 'scored.expected_contacts'
        ) }}) as lower_p_value

    from scored
    inner join poisson_terms
        on scored.contacts >= poisson_terms.term
    where
        scored.baseline_contacts >= {{ var('trend_falling_min_baseline') }}
        and scored.compared_contacts
        <= {{ var('trend_falling_max_ratio') }} * scored.baseline_contacts
    group by scored.topic_id, scored.channel, scored.week_start

),

conditions as (

    select
        scored.*,
        (scored.compared_contacts - scored.baseline_contacts) / scored.baseline_spread as z_score,
        least(coalesce(upper_tails.upper_p_value, lower_tails.lower_p_value), 1.0) as chance_p_value,
        coalesce(
            scored.baseline_weeks < {{ var('trend_min_baseline_weeks') }},
            true
        ) as has_short_history,
        coalesce(
            not scored.is_unjudged_week
            and scored.complete_weeks_before >= 1
            and scored.contacts >= {{ var('trend_short_history_spike_min_contacts') }}
            and scored.contacts >= {{ var('trend_short_history_spike_ratio') }}
            * scored.largest_earlier_contacts,
            false
        ) as meets_short_history_spike,
        coalesce(
            scored.baseline_contacts = 0 and scored.contacts >= {{ var('trend_new_min_contacts') }},
            false
        ) as meets_new,
        coalesce(
            scored.contacts >= {{ var('trend_spike_min_contacts') }}
            and (scored.compared_contacts - scored.baseline_contacts) / scored.baseline_spread
            >= {{ var('trend_spike_min_z_score') }}
            and scored.compared_contacts >= {{ var('trend_spike_min_ratio') }} * scored.baseline_contacts
            and upper_tails.upper_p_value <= {{ var('trend_spike_max_p_value') }},
            false
        ) as meets_spike,
        coalesce(
            scored.contacts >= {{ var('trend_rising_min_contacts') }}
            and scored.compared_contacts
            >= {{ var('trend_rising_min_ratio') }} * scored.baseline_contacts
            and (scored.compared_contacts - scored.baseline_contacts) / scored.baseline_spread
            >= {{ var('trend_rising_min_z_score') }}
            and upper_tails.upper_p_value <= {{ var('trend_rising_max_p_value') }},
            false
        ) as meets_rising,
        coalesce(
            scored.baseline_contacts >= {{ var('trend_falling_min_baseline') }}
            and scored.compared_contacts
            <= {{ var('trend_falling_max_ratio') }} * scored.baseline_contacts
            and (scored.compared_contacts - scored.baseline_contacts) / scored.baseline_spread
            <= {{ var('trend_falling_max_z_score') }}
            and lower_tails.lower_p_value <= {{ var('trend_falling_max_p_value') }},
            false
        ) as meets_falling

    from scored
    left join upper_tails
        on
            scored.topic_id = upper_tails.topic_id
            and scored.channel = upper_tails.channel
            and scored.week_start = upper_tails.week_start
    left join lower_tails
        on
            scored.topic_id = lower_tails.topic_id
            and scored.channel = lower_tails.channel
            and scored.week_start = lower_tails.week_start

),

-- the same weeks a year earlier, judged against their own baseline; the move ratios count only
-- the weeks that met the spike or rising test (up) or the falling test (down) themselves
last_year_ratios as (

    select
        this_week.topic_id,
        this_week.channel,
        this_week.week_start,
        max(earlier_week.compared_contacts / earlier_week.baseline_contacts) as last_year_max_ratio,
        min(earlier_week.compared_contacts / earlier_week.baseline_contacts) as last_year_min_ratio,
        max(
            case
                when earlier_week.meets_spike or earlier_week.meets_rising
                    then earlier_week.compared_contacts / earlier_week.baseline_contacts
            end
        ) as last_year_max_move_ratio,
        min(
            case
                when earlier_week.meets_falling
                    then earlier_week.compared_contacts / earlier_week.baseline_contacts
            end
        ) as last_year_min_move_ratio

    from conditions as this_week
    inner join conditions as earlier_week
        on
            this_week.topic_id = earlier_week.topic_id
            and this_week.channel = earlier_week.channel
            and earlier_week.week_number
            >= this_week.week_number - {{ var('trend_seasonal_lag_weeks') }}
            - {{ var('trend_seasonal_window_weeks') }}
            and earlier_week.week_number
            <= this_week.week_number - {{ var('trend_seasonal_lag_weeks') }}
            + {{ var('trend_seasonal_window_weeks') }}
    where
        not earlier_week.is_unjudged_week
        and earlier_week.baseline_contacts > 0
        and earlier_week.baseline_weeks >= {{ var('trend_min_baseline_weeks') }}
    group by this_week.topic_id, this_week.channel, this_week.week_start

),

with_last_year as (

    select
        conditions.*,
        case
            when conditions.compared_contacts >= conditions.baseline_contacts
                then last_year_ratios.last_year_max_ratio
            else last_year_ratios.last_year_min_ratio
        end as last_year_ratio,
        case
            when conditions.compared_contacts >= conditions.baseline_contacts
                then last_year_ratios.last_year_max_move_ratio
            else last_year_ratios.last_year_min_move_ratio
        end as last_year_move_ratio

    from conditions
    left join last_year_ratios
        on
            conditions.topic_id = last_year_ratios.topic_id
            and conditions.channel = last_year_ratios.channel
            and conditions.week_start = last_year_ratios.week_start

),

-- this week's count, if it had moved only as far as the same weeks last year did
last_year_expected as (

    select
        with_last_year.*,
        greatest(with_last_year.expected_contacts * with_last_year.last_year_move_ratio, 1.0)
            as last_year_expected_contacts

    from with_last_year

),

-- is this week's move clearly bigger than last year's: more than trend_seasonal_clearly_bigger
-- x its ratio, and a count unlikely by chance at last year's ratio (Poisson tail)
last_year_tails as (

    select
        last_year_expected.topic_id,
        last_year_expected.channel,
        last_year_expected.week_start,
        sum(
            case
                when last_year_expected.compared_contacts >= last_year_expected.baseline_contacts
                    then {{ poisson_probability(
                        'last_year_expected.contacts + poisson_terms.term',
                        'last_year_expected.last_year_expected_contacts'
                    ) }}
                when poisson_terms.term <= last_year_expected.contacts
                    then {{ poisson_probability(
                        'last_year_expected.contacts - poisson_terms.term',
                        'last_year_expected.last_year_expected_contacts'
                    ) }}
                else 0
            end
        ) as last_year_p_value

    from last_year_expected
    cross join poisson_terms
    where
        last_year_expected.last_year_move_ratio is not null
        and (
            last_year_expected.meets_spike
            or last_year_expected.meets_rising
            or last_year_expected.meets_falling
        )
    group by last_year_expected.topic_id, last_year_expected.channel, last_year_expected.week_start

),

seasonal as (

    select
        last_year_expected.*,
        coalesce(
            last_year_expected.baseline_contacts > 0
            and last_year_expected.last_year_move_ratio >= {{ var('trend_rising_min_ratio') }}
            and not (
                last_year_expected.compared_contacts / last_year_expected.baseline_contacts
                > {{ var('trend_seasonal_clearly_bigger') }} * last_year_expected.last_year_move_ratio
                and last_year_tails.last_year_p_value <= {{ var('trend_seasonal_max_p_value') }}
            ),
            false
        ) as is_seasonal_rise,
        coalesce(
            last_year_expected.baseline_contacts > 0
            and last_year_expected.last_year_move_ratio <= {{ var('trend_falling_max_ratio') }}
            and not (
                last_year_expected.compared_contacts / last_year_expected.baseline_contacts
                < last_year_expected.last_year_move_ratio / {{ var('trend_seasonal_clearly_bigger') }}
                and last_year_tails.last_year_p_value <= {{ var('trend_seasonal_max_p_value') }}
            ),
            false
        ) as is_seasonal_fall

    from last_year_expected
    left join last_year_tails
        on
            last_year_expected.topic_id = last_year_tails.topic_id
            and last_year_expected.channel = last_year_tails.channel
            and last_year_expected.week_start = last_year_tails.week_start

),

flagged as (

    select
        seasonal.*,
        case
            when seasonal.has_short_history and seasonal.meets_short_history_spike then 'spike'
            when seasonal.has_short_history then 'insufficient_history'
            when seasonal.meets_new then 'new'
            when
                seasonal.is_seasonal_rise and (seasonal.meets_spike or seasonal.meets_rising)
                then 'seasonal'
            when
                not seasonal.is_unjudged_week
                and seasonal.is_seasonal_fall
                and seasonal.meets_falling
                then 'seasonal'
            when seasonal.is_unjudged_week and seasonal.meets_rising then 'rising'
            when seasonal.is_unjudged_week then 'steady'
            when seasonal.meets_spike then 'spike'
            when seasonal.meets_rising then 'rising'
            when seasonal.meets_falling then 'falling'
            else 'steady'
        end as trend_flag

    from seasonal

),

{%- set baseline_ratio = 'flagged.compared_contacts / flagged.baseline_contacts' %}
{%- set largest_ratio = 'flagged.contacts * 1.0 / flagged.largest_earlier_contacts' %}

explained as (

    select
        flagged.*,
        case
            when flagged.has_short_history and flagged.trend_flag = 'spike'
                then
                    {{ format_number('flagged.contacts') }} || ' contacts against at most '
                    || {{ format_number('flagged.largest_earlier_contacts') }}
                    || ' a week before, with too little history for a usual level ('
                    || {{ format_number('flagged.baseline_weeks') }} || ' of the '
                    || '{{ var("trend_min_baseline_weeks") }}' || ' complete weeks needed)'
                    || case
                        when flagged.largest_earlier_contacts > 0
                            then '; ' || {{ format_number(largest_ratio) }} || 'x the largest week'
                        else ''
                    end
                    || '.'
            when flagged.has_short_history
                then
                    {{ format_number('flagged.contacts') }}
                    || ' contacts; too little history to judge a trend ('
                    || {{ format_number('flagged.baseline_weeks') }} || ' of the '
                    || '{{ var("trend_min_baseline_weeks") }}' || ' complete weeks needed).'
            else
                {{ format_number('flagged.contacts') }} || ' contacts against a usual '
                || case
                    when flagged.baseline_contacts = floor(flagged.baseline_contacts)
                        then {{ format_number('flagged.baseline_contacts') }}
                    else {{ format_number('flagged.baseline_contacts', 1) }}
                end
                || ' a week (median of the ' || {{ format_number('flagged.baseline_weeks') }}
                || ' complete weeks before)'
                || case
                    when flagged.baseline_contacts <= 0 then ''
                    when flagged.contacts >= 10 * flagged.baseline_contacts
                        then '; ' || {{ format_number(baseline_ratio) }} || 'x'
                    when flagged.contacts >= flagged.baseline_contacts
                        then '; ' || {{ format_number(baseline_ratio, 1) }} || 'x'
                    else '; ' || {{ format_number(baseline_ratio, 2) }} || 'x'
                end
                || case
                    when flagged.is_short_week
                        then
                            '; short week (' || {{ format_number('flagged.working_days') }}
                            || ' of ' || {{ format_number('flagged.open_days') }}
                            || ' working days: bank holiday), counted per working day as '
                            || {{ format_number('flagged.compared_contacts') }} || ' a full week'
                    else ''
                end
                || case
                    when flagged.trend_flag = 'seasonal'
                        then
                            '; seasonal: the same weeks last year were '
                            || {{ format_number('flagged.last_year_move_ratio', 1) }} || 'x their usual level'
                    when
                        flagged.last_year_ratio is not null
                        and flagged.trend_flag in ('spike', 'rising', 'falling')
                        then
                            '; the same weeks last year were '
                            || {{ format_number('flagged.last_year_ratio', 1) }} || 'x their usual level'
                    else ''
                end
                || case when flagged.is_partial_week then '; partial week' else '' end
                || '.'
        end as trend_explanation

    from flagged

),

final as (

    select
        week_start,
        topic_id,
        topic_name,
        channel,
        contacts,
        share_of_week,
        median_handle_seconds,
        p90_handle_seconds,
        first_contact_resolution_rate,
        transfer_rate,
        escalation_rate,
        repeat_contact_rate,
        avoidable_contact_rate,
        contacts_last_week,
        change_vs_last_week,
        baseline_contacts,
        baseline_mad,
        baseline_spread,
        baseline_weeks,
        largest_earlier_contacts,
        z_score,
        is_partial_week,
        trend_flag,
        trend_explanation,
        open_days,
        working_days,
        is_short_week,
        compared_contacts,
        same_week_last_year_contacts,
        last_year_ratio,
        expected_contacts,
        chance_p_value,
        last_year_move_ratio

    from explained

)

select * from final
