{#- One unit vocabulary across the marts (the catalogue's: procent, euro per inwoner, uur, aantal, ...):
    maps the spellings other sources use ('%', 'EUR per inwoner', 'euro/inwoner') onto it. -#}
{% macro normalise_unit(column) -%}
    case lower(trim({{ column }}))
        when '%' then 'procent'
        when 'pct' then 'procent'
        when 'eur per inwoner' then 'euro per inwoner'
        when 'euro/inwoner' then 'euro per inwoner'
        when 'eur' then 'euro'
        when 'uren' then 'uur'
        else {{ column }}
    end
{%- endmacro %}
