{{ config(meta={'dagster': {'ref': {'name': 'int_geografie__huidige_gemeente'}}}) }}
-- Every municipality code the warehouse needs must map to a municipality that exists today: a code
-- still valid on 1 January of the earliest year any source delivers, or a code a fact uses. A longer
-- merger chain than int_geografie__huidige_gemeente follows, or a missing merger in ref_gemeente_fusies,
-- shows up here. Codes that ended before the data begins (the 1977 mergers and earlier, in the real
-- REFNIS history since 1970) stay in dim_gemeente with their validity and need no successor.
with gebruikte_codes as (
    select
        gemeente_nis_code,
        reference_year as jaar
    from {{ ref('stg_statbel__bevolking_structuur') }}
    union
    select
        gemeente_nis_code,
        reference_year as jaar
    from {{ ref('stg_statbel__bevolking_sector') }}
    union
    select
        gemeente_nis_code,
        reference_year as jaar
    from {{ ref('stg_statbel__huishoudens_sector') }}
    union
    select
        gemeente_nis_code,
        reference_year as jaar
    from {{ ref('stg_statbel__fiscale_inkomens') }}
    union
    select
        gemeente_nis_code,
        boekjaar as jaar
    from {{ ref('stg_abb__bbc_beleidsveld_bedragen') }}
    where gemeente_nis_code is not null
),

eerste_dag as (
    select
        cast({{ dbt.concat(["cast(min(jaar) as " ~ dbt.type_string() ~ ")", "'-01-01'"]) }} as date)
            as eerste_datum
    from gebruikte_codes
),

vereist as (
    select huidige.gemeente_nis_code
    from {{ ref('int_geografie__huidige_gemeente') }} as huidige
    cross join eerste_dag
    where huidige.last_valid_to >= eerste_dag.eerste_datum
    union
    select gemeente_nis_code from gebruikte_codes
)

select
    vereist.gemeente_nis_code,
    huidige.huidige_gemeente_nis_code
from vereist
left join {{ ref('int_geografie__huidige_gemeente') }} as huidige
    on vereist.gemeente_nis_code = huidige.gemeente_nis_code
left join {{ ref('int_geografie__gemeente_versies') }} as versies
    on
        huidige.huidige_gemeente_nis_code = versies.gemeente_nis_code
        and versies.valid_to = cast('9999-12-31' as date)
where versies.gemeente_nis_code is null
