{#- The content of a relation as one md5 value: the md5 of each row's text (surrogate_key over the given
    columns), listed in order and hashed again ('leeg' for an empty relation, never null, so versions
    always compare). Cross-database (dbt.listagg, dbt.hash), so an incremental
    model can tell on every engine whether a reference list it was computed with has changed. -#}
{% macro content_version(relation, columns) -%}
    (
        select coalesce(
            {{ dbt.hash(dbt.listagg(surrogate_key(columns), "'|'", "order by " ~ surrogate_key(columns))) }},
            'leeg'
        )
        from {{ relation }}
    )
{%- endmacro %}
