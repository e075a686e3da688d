{#- A number as text rounded to `decimals` places, for sentences (e.g. "3.5"). -#}
{% macro format_number(expression, decimals=0) -%}
    {{ return(adapter.dispatch('format_number')(expression, decimals)) }}
{%- endmacro %}

{% macro default__format_number(expression, decimals) -%}
    {%- if decimals == 0 -%}
        cast(cast(round(cast({{ expression }} as numeric), 0) as bigint) as {{ dbt.type_string() }})
    {%- else -%}
        cast(round(cast({{ expression }} as numeric), {{ decimals }}) as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__format_number(expression, decimals) -%}
    {%- if decimals == 0 -%}
        cast(cast(round({{ expression }}) as bigint) as varchar)
    {%- else -%}
        cast(round(cast({{ expression }} as double), {{ decimals }}) as varchar)
    {%- endif -%}
{%- endmacro %}
