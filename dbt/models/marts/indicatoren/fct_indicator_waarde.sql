{{
    config(
        materialized='incremental',
        unique_key='obmi_domein',
        incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
        partition_by=(['obmi_domein'] if target.type == 'spark' else none),
        file_format=('delta' if target.type == 'spark' else none),
        on_schema_change='fail',
    )
}}

-- Every indicator value in long form, omgeving, beleid and management alike. The rules (group aggregates,
-- ranks, disclosure control, coverage) are applied per indicator in two parts that are rebuilt apart (macro
-- indicator_waarden): the omgeving part when Statbel delivers, the beleid and management part when a
-- finance, plan or service-request delivery arrives. The mart is their union.
-- Incremental: a run takes only the part(s) computed after the rows the mart holds for them
-- (_berekend_at), and replaces the rows of their OBMi domains (delete+insert on obmi_domein; on Spark an
-- overwrite of those partitions). A daily service-request file thus rewrites the beleid and management
-- rows (some thousands) and leaves the omgeving rows (hundreds of thousands) alone. The accepted_values
-- tests on the parts' obmi_domein keep a domain in one part, so a part never replaces the other's rows.
-- A full rebuild gives the same rows (tests/test_beleid_meldingen.py compares).
with omgeving as (
    select * from {{ ref('int_indicatoren__waarden_omgeving') }}
    {% if is_incremental() %}
        where _berekend_at > (
            select coalesce(max(vorige_run._berekend_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
            from {{ this }} as vorige_run
            where vorige_run.obmi_domein = 'omgeving'
        )
    {% endif %}
),

beleid_management as (
    select * from {{ ref('int_indicatoren__waarden_beleid_management') }}
    {% if is_incremental() %}
        where _berekend_at > (
            select coalesce(max(vorige_run._berekend_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
            from {{ this }} as vorige_run
            where vorige_run.obmi_domein <> 'omgeving'
        )
    {% endif %}
)

-- The parts come from one macro: the same columns in the same order.
select * from omgeving
union all
select * from beleid_management
