{#- A count from TF_CAR_HH_SECTOR as published: thousands separated by a dot ('1.030') and a zero
    written as '-00' (both as in the real 2019 file). Portable: trim, replace and cast only. -#}
{% macro parse_statbel_count(column) -%}
    case
        when trim({{ column }}) = '-00' then 0
        else cast({{ dbt.replace('trim(' ~ column ~ ')', "'.'", "''") }} as {{ dbt.type_bigint() }})
    end
{%- endmacro %}

{#- A measure of the fiscal income file: Statbel writes a literal '*' where it suppressed the cell.
    That becomes a missing value (never a zero); statbel_measure_status says why it is missing. -#}
{% macro statbel_measure(column, data_type) -%}
    cast(nullif(trim({{ column }}), '*') as {{ data_type }})
{%- endmacro %}

{% macro statbel_measure_status(column) -%}
    case
        when {{ column }} is null then 'ontbrekend'
        when trim({{ column }}) = '*' then 'onderdrukt'
        else 'gepubliceerd'
    end
{%- endmacro %}

{#- Sum a measure over the published municipalities that make up today's municipality, only when every
    part was published: a sum with a suppressed or missing part is unknown, not smaller. Writes two
    columns, <measure> and <measure>_status ('onderdrukt' wins over 'ontbrekend'). -#}
{% macro sum_when_all_published(measure, data_type) -%}
    cast(
        case
            when sum(case when {{ measure }}_status = 'gepubliceerd' then 0 else 1 end) = 0
                then sum({{ measure }})
        end as {{ data_type }}
    ) as {{ measure }},
    case
        when sum(case when {{ measure }}_status = 'onderdrukt' then 1 else 0 end) > 0 then 'onderdrukt'
        when sum(case when {{ measure }}_status = 'ontbrekend' then 1 else 0 end) > 0 then 'ontbrekend'
        else 'gepubliceerd'
    end as {{ measure }}_status
{%- endmacro %}
