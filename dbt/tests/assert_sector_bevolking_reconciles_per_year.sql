{{ config(meta={'dagster': {'ref': {'name': 'fct_bevolking_sector'}}}) }}
-- Reconciliation, per year, for every year both population sources cover: the residents of the
-- sectors (OPENDATA_SECTOREN, grouped through the sector lookup) equal the municipality totals of
-- TF_SOC_POP_STRUCT (fct_bevolking), per municipality as published AND per today's municipality
-- (fct_bevolking_huidige_gemeente). Returns every municipality and year that does not reconcile.
with sectoren as (
    select * from {{ ref('fct_bevolking_sector') }}
),

jaren as (
    select distinct sectoren.reference_year
    from sectoren
    inner join {{ ref('fct_bevolking_huidige_gemeente') }} as harmonised
        on sectoren.reference_year = harmonised.reference_year
),

sectoren_per_gemeente as (
    select
        reference_year,
        gemeente_nis_code,
        sum(bevolking_count) as inwoners
    from sectoren
    group by reference_year, gemeente_nis_code
),

gemeenten as (
    select
        bevolking.reference_year,
        bevolking.gemeente_nis_code,
        sum(bevolking.bevolking_count) as inwoners
    from {{ ref('fct_bevolking') }} as bevolking
    where bevolking.reference_year in (select jaren.reference_year from jaren)
    group by bevolking.reference_year, bevolking.gemeente_nis_code
),

sectoren_per_huidige_gemeente as (
    select
        reference_year,
        huidige_gemeente_nis_code as gemeente_nis_code,
        sum(bevolking_count) as inwoners
    from sectoren
    group by reference_year, huidige_gemeente_nis_code
),

geharmoniseerd as (
    select
        harmonised.reference_year,
        harmonised.gemeente_nis_code,
        harmonised.bevolking_count as inwoners
    from {{ ref('fct_bevolking_huidige_gemeente') }} as harmonised
    where harmonised.reference_year in (select jaren.reference_year from jaren)
),

gepubliceerd_verschil as (
    select
        'gemeente zoals gepubliceerd' as niveau,
        coalesce(gemeenten.reference_year, sectoren_per_gemeente.reference_year) as reference_year,
        coalesce(gemeenten.gemeente_nis_code, sectoren_per_gemeente.gemeente_nis_code) as gemeente_nis_code,
        gemeenten.inwoners as gemeente_inwoners,
        sectoren_per_gemeente.inwoners as sector_inwoners
    from gemeenten
    full outer join sectoren_per_gemeente
        on
            gemeenten.reference_year = sectoren_per_gemeente.reference_year
            and gemeenten.gemeente_nis_code = sectoren_per_gemeente.gemeente_nis_code
),

huidig_verschil as (
    select
        'huidige gemeente' as niveau,
        coalesce(geharmoniseerd.reference_year, sectoren_per_huidige_gemeente.reference_year) as reference_year,
        coalesce(geharmoniseerd.gemeente_nis_code, sectoren_per_huidige_gemeente.gemeente_nis_code)
            as gemeente_nis_code,
        geharmoniseerd.inwoners as gemeente_inwoners,
        sectoren_per_huidige_gemeente.inwoners as sector_inwoners
    from geharmoniseerd
    full outer join sectoren_per_huidige_gemeente
        on
            geharmoniseerd.reference_year = sectoren_per_huidige_gemeente.reference_year
            and geharmoniseerd.gemeente_nis_code = sectoren_per_huidige_gemeente.gemeente_nis_code
)

select * from gepubliceerd_verschil
where gemeente_inwoners is null or sector_inwoners is null or gemeente_inwoners <> sector_inwoners
union all
select * from huidig_verschil
where gemeente_inwoners is null or sector_inwoners is null or gemeente_inwoners <> sector_inwoners
