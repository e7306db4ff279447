{{ config(meta={'dagster': {'ref': {'name': 'fct_bevolking_huidige_gemeente'}}}) }}
-- Reconciliation: per year, staging, the detailed fact and the harmonised fact hold the same number of
-- residents. Returns the years that do not reconcile.
with staging as (
    select
        reference_year,
        sum(bevolking_count) as residents
    from {{ ref('stg_statbel__bevolking_structuur') }}
    group by reference_year
),

detail as (
    select
        reference_year,
        sum(bevolking_count) as residents
    from {{ ref('fct_bevolking') }}
    group by reference_year
),

harmonised as (
    select
        reference_year,
        sum(bevolking_count) as residents
    from {{ ref('fct_bevolking_huidige_gemeente') }}
    group by reference_year
)

select
    staging.reference_year,
    staging.residents as staging_residents,
    detail.residents as detail_residents,
    harmonised.residents as harmonised_residents
from staging
left join detail on staging.reference_year = detail.reference_year
left join harmonised on staging.reference_year = harmonised.reference_year
where
    detail.residents is null
    or harmonised.residents is null
    or staging.residents <> detail.residents
    or staging.residents <> harmonised.residents
