{#- Fails for every row with an empty value in one of the given columns. One query and one dbt node per
    model instead of one per column: a dbt test costs about 50 ms of dbt's own work whatever the data, and
    this project has some 60 models with several required columns each. A key column keeps its own
    not_null test, next to its unique test; a mart under an enforced contract uses not_null constraints. -#}
{% test not_null_columns(model, columns) %}
    select *
    from {{ model }}
    where
        {%- for column in columns %}
            {{ column }} is null{% if not loop.last %} or{% endif %}
        {%- endfor %}
{% endtest %}
