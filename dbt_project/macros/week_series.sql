{#-
    A set-returning expression: one timestamp per week from `first_week` to `last_week`
    (both Mondays, inclusive). Use it in a select list over a one-row relation, then cast.
-#}
{% macro week_series(first_week, last_week) -%}
    {{ return(adapter.dispatch('week_series')(first_week, last_week)) }}
{%- endmacro %}

{% macro default__week_series(first_week, last_week) -%}
    generate_series(
        cast({{ first_week }} as timestamp), cast({{ last_week }} as timestamp), interval '7 days'
    )
{%- endmacro %}

{% macro duckdb__week_series(first_week, last_week) -%}
    unnest(generate_series(
        cast({{ first_week }} as timestamp), cast({{ last_week }} as timestamp), interval 7 day
    ))
{%- endmacro %}
