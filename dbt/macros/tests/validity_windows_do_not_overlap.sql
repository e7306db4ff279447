{#- For a type-2 dimension: two versions of the same natural key may not be valid on the same day. -#}
{% test validity_windows_do_not_overlap(model, natural_key, valid_from, valid_to) %}
    select a.{{ natural_key }}, a.{{ valid_from }}, b.{{ valid_from }} as other_valid_from
    from {{ model }} as a
    inner join {{ model }} as b
        on a.{{ natural_key }} = b.{{ natural_key }}
        and a.{{ valid_from }} < b.{{ valid_from }}
        and b.{{ valid_from }} <= a.{{ valid_to }}
{% endtest %}
