{#- Passes when every non-null value of the column lies in [min_value, max_value]. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}

with

checked as (

    select {{ column_name }} as checked_value
    from {{ model }}
    where {{ column_name }} is not null

),

final as (

    select * from checked
    where 1 = 0
    {%- if min_value is not none %}
        or checked_value < {{ min_value }}
    {%- endif %}
    {%- if max_value is not none %}
        or checked_value > {{ max_value }}
    {%- endif %}

)

select * from final

{% endtest %}
