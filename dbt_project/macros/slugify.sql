{#-
    A text as a snake_case id: lower case, runs of other characters as one underscore, no
    underscores at the ends ("Request for Recycling Cart" -> request_for_recycling_cart).
    regexp_replace with the 'g' flag behaves the same in DuckDB and Postgres.
-#}
{% macro slugify(column) -%}
    {{ return(adapter.dispatch('slugify')(column)) }}
{%- endmacro %}

{% macro default__slugify(column) -%}
    trim(both '_' from regexp_replace(lower(trim({{ column }})), '[^a-z0-9]+', '_', 'g'))
{%- endmacro %}
