{#- ISO 8601 text with a whole-hour offset, as open data portals write local times
    ("2025-03-10T08:15:00+01:00"). iso_timestamp_local keeps the wall-clock time (Europe/Brussels, for
    dates and hours of the day); iso_timestamp_utc subtracts the offset (for durations across the change to
    summer time). Standard substring and cast plus dbt's cross-database concat and dateadd. -#}
{% macro iso_timestamp_local(column) -%}
    cast({{ dbt.concat(["substring(" ~ column ~ ", 1, 10)", "' '", "substring(" ~ column ~ ", 12, 8)"]) }}
        as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro iso_timestamp_utc(column) -%}
    {{ dbt.dateadd(
        'hour',
        "-1 * cast(substring(" ~ column ~ ", 20, 3) as " ~ dbt.type_int() ~ ")",
        iso_timestamp_local(column)
    ) }}
{%- endmacro %}
