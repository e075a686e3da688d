{#-
    A time-zone-aware timestamp as the wall-clock time in `timezone` (a naive timestamp).
    `at time zone` behaves the same in DuckDB and Postgres; other adapters override here.
-#}
{% macro to_local_timestamp(column, timezone=none) -%}
    {{ return(adapter.dispatch('to_local_timestamp')(column, timezone or var('timezone', 'Europe/London'))) }}
{%- endmacro %}

{% macro default__to_local_timestamp(column, timezone) -%}
    ({{ column }} at time zone '{{ timezone }}')
{%- endmacro %}
