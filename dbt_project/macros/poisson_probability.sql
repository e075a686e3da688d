{#-
    P(X = k) for X ~ Poisson(mean): exp(k ln(mean) - mean - ln(k!)), for a whole number k >= 0
    and mean > 0 (sum it over k for a tail probability).
-#}
{% macro poisson_probability(k, mean) -%}
    exp(({{ k }}) * ln({{ mean }}) - ({{ mean }}) - {{ ln_factorial(k) }})
{%- endmacro %}

{#-
    ln(n!) of a whole number `n` >= 0: lgamma(n + 1). DuckDB, Spark and Trino have lgamma;
    Postgres has none and would need an override here.
-#}
{% macro ln_factorial(n) -%}
    {{ return(adapter.dispatch('ln_factorial')(n)) }}
{%- endmacro %}

{% macro default__ln_factorial(n) -%}
    lgamma(({{ n }}) + 1)
{%- endmacro %}
