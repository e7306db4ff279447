{{ config(meta={'dagster': {'ref': {'name': 'fct_huishoudens_huidige_gemeente'}}}) }}
-- Reconciliation of households and cars, per year: the sectors grouped by the municipality the
-- publication names (CD_REFNIS in staging) equal the sectors grouped through the lookup, and the
-- sectors grouped by today's municipality equal the harmonised mart. Returns what does not reconcile.
with gepubliceerd as (
    select
        reference_year,
        gemeente_nis_code,
        sum(huishoudens_count) as huishoudens,
        sum(wagens_count) as wagens
    from {{ ref('stg_statbel__huishoudens_sector') }}
    group by reference_year, gemeente_nis_code
),

sectoren as (
    select * from {{ ref('fct_huishoudens_sector') }}
),

via_lookup as (
    select
        reference_year,
        gemeente_nis_code,
        sum(huishoudens_count) as huishoudens,
        sum(wagens_count) as wagens
    from sectoren
    group by reference_year, gemeente_nis_code
),

per_huidige_gemeente as (
    select
        reference_year,
        huidige_gemeente_nis_code as gemeente_nis_code,
        sum(huishoudens_count) as huishoudens,
        sum(wagens_count) as wagens
    from sectoren
    group by reference_year, huidige_gemeente_nis_code
),

geharmoniseerd as (
    select
        reference_year,
        gemeente_nis_code,
        huishoudens_count as huishoudens,
        wagens_count as wagens
    from {{ ref('fct_huishoudens_huidige_gemeente') }}
    where huishoudens_count is not null
),

verschillen as (
    select
        'gemeente zoals gepubliceerd' as niveau,
        coalesce(gepubliceerd.reference_year, via_lookup.reference_year) as reference_year,
        coalesce(gepubliceerd.gemeente_nis_code, via_lookup.gemeente_nis_code) as gemeente_nis_code,
        gepubliceerd.huishoudens as verwacht_huishoudens,
        via_lookup.huishoudens as gevonden_huishoudens,
        gepubliceerd.wagens as verwacht_wagens,
        via_lookup.wagens as gevonden_wagens
    from gepubliceerd
    full outer join via_lookup
        on
            gepubliceerd.reference_year = via_lookup.reference_year
            and gepubliceerd.gemeente_nis_code = via_lookup.gemeente_nis_code
    union all
    select
        'huidige gemeente' as niveau,
        coalesce(per_huidige_gemeente.reference_year, geharmoniseerd.reference_year) as reference_year,
        coalesce(per_huidige_gemeente.gemeente_nis_code, geharmoniseerd.gemeente_nis_code) as gemeente_nis_code,
        per_huidige_gemeente.huishoudens as verwacht_huishoudens,
        geharmoniseerd.huishoudens as gevonden_huishoudens,
        per_huidige_gemeente.wagens as verwacht_wagens,
        geharmoniseerd.wagens as gevonden_wagens
    from per_huidige_gemeente
    full outer join geharmoniseerd
        on
            per_huidige_gemeente.reference_year = geharmoniseerd.reference_year
            and per_huidige_gemeente.gemeente_nis_code = geharmoniseerd.gemeente_nis_code
)

select * from verschillen
where
    verwacht_huishoudens is null
    or gevonden_huishoudens is null
    or verwacht_huishoudens <> gevonden_huishoudens
    or verwacht_wagens <> gevonden_wagens
