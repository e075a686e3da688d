{#-
    True when `column` matches the regular expression `pattern`, ignoring case (null -> false).
    DuckDB: regexp_matches(..., 'i'); the default is Postgres' `~*`.
-#}
{% macro matches_pattern(column, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern')(column, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(column, pattern) -%}
    coalesce({{ column }} ~* '{{ pattern }}', false)
{%- endmacro %}

{% macro duckdb__matches_pattern(column, pattern) -%}
    coalesce(regexp_matches({{ column }}, '{{ pattern }}', 'i'), false)
{%- endmacro %}
