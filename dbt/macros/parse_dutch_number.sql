{#- Dutch number text as exports write it ("1.267,10", "-0,50") to a decimal: drop the thousands dots,
    turn the decimal comma into a point, cast. Only dbt's cross-database replace and a standard cast
    (decimal(p, s) is accepted by DuckDB, PostgreSQL and Spark). -#}
{% macro parse_dutch_number(column, precision=18, scale=2) -%}
    cast({{ dbt.replace(dbt.replace(column, "'.'", "''"), "','", "'.'") }} as decimal({{ precision }}, {{ scale }}))
{%- endmacro %}
