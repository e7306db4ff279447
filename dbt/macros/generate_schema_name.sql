{#- Use the configured schema name as is (staging, intermediate, marts, reference) instead of dbt's
    default <target_schema>_<custom_schema>, so BI users see the same schema names on every engine. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
