{#- Statbel leaves some codes empty or writes a single space (Brussels has no province). -#}
{% macro blank_to_null(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}
