{#- dbt's own get_where_subquery, plus two placeholders for a test's `where` that limit a test on the
    staging view of the service requests to what arrived since the incremental models last processed it
    (their watermark, the newest _loaded_at in int_meldingen__laatste_versie):
    * __nieuwe_ladingen__: records loaded after the watermark;
    * __nieuwe_bestanden__: every record of a file with a record loaded after the watermark (for a test
      within a file, such as its key).
    Raw is append-only and every load was tested when it arrived, so the daily run does not parse two
    million timestamps again for one new file. Everything is tested on a fresh warehouse, while the watermark
    stays behind a load whose tests failed (the incremental models are then skipped, so the next run tests
    that load again), with --full-refresh, and with --vars '{staging_tests_alle_ladingen: true}' (for example
    after changing the staging model's casts). -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') or '' -%}
    {%- if '__nieuwe_ladingen__' in where or '__nieuwe_bestanden__' in where -%}
        {%- set na_watermerk = '_loaded_at > ' ~ meldingen_watermerk() -%}
        {%- set where = where
            | replace('__nieuwe_ladingen__', na_watermerk)
            | replace('__nieuwe_bestanden__',
                '_source_file in (select nieuw._source_file from ' ~ relation ~ ' as nieuw where nieuw.'
                ~ na_watermerk ~ ')') -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#- The newest load the incremental service-request models processed, as an SQL expression; the earliest
    possible time when everything must be tested (see get_where_subquery). -#}
{% macro meldingen_watermerk() -%}
    {%- set begin = "cast('1970-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- if flags.FULL_REFRESH or var('staging_tests_alle_ladingen', false) -%}
        {{- return(begin) -}}
    {%- endif -%}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', 'int_meldingen__laatste_versie') | first -%}
    {%- set verwerkt = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if verwerkt is none -%}
        {{- return(begin) -}}
    {%- endif -%}
    {{- return('coalesce((select max(verwerkt._last_loaded_at) from ' ~ verwerkt ~ ' as verwerkt), ' ~ begin ~ ')') -}}
{%- endmacro %}
