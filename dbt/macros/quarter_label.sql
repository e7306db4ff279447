{#- The quarter of a date as text, 'YYYY-Qn' (2025-Q1 .. 2025-Q4), from the month with portable SQL:
    the period label of a quarter in the warehouse, next to 'YYYY' and 'YYYY-MM'. -#}
{% macro quarter_label(date_column) -%}
    {{ dbt.concat([
        "substring(cast(" ~ date_column ~ " as " ~ dbt.type_string() ~ "), 1, 4)",
        "'-Q'",
        quarter_of_month("substring(cast(" ~ date_column ~ " as " ~ dbt.type_string() ~ "), 6, 2)"),
    ]) }}
{%- endmacro %}

{#- The quarter number ('1' .. '4') of a two-digit month text ('01' .. '12'). -#}
{% macro quarter_of_month(month_text) -%}
    case
        when {{ month_text }} in ('01', '02', '03') then '1'
        when {{ month_text }} in ('04', '05', '06') then '2'
        when {{ month_text }} in ('07', '08', '09') then '3'
        else '4'
    end
{%- endmacro %}
