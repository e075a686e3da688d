{#-
    Continuous percentile (linear interpolation) of `column`, as an aggregate.
    DuckDB: quantile_cont; the default is the SQL standard ordered-set aggregate (Postgres).
-#}
{% macro percentile(column, fraction) -%}
    {{ return(adapter.dispatch('percentile')(column, fraction)) }}
{%- endmacro %}

{% macro default__percentile(column, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__percentile(column, fraction) -%}
    quantile_cont({{ column }}, {{ fraction }})
{%- endmacro %}
