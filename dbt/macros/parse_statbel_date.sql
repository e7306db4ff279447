{#- Statbel writes dates as dd/mm/yyyy. Rebuild them as ISO text and cast: standard SQL that
    DuckDB, PostgreSQL and Spark all accept, without engine-specific format strings. -#}
{% macro parse_statbel_date(column) -%}
    cast({{ dbt.concat([
        "substring(" ~ column ~ ", 7, 4)", "'-'",
        "substring(" ~ column ~ ", 4, 2)", "'-'",
        "substring(" ~ column ~ ", 1, 2)"
    ]) }} as date)
{%- endmacro %}
