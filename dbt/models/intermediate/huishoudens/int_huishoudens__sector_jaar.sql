{{ config(materialized="table") }}

-- Materialised as a table: the sector facts, the harmonised totals and the indicators read it.
-- One row per reference year and statistical sector with everything known about it that year:
-- residents and area (sector population file), households and cars (households file), and the sector
-- version valid on 1 January (its municipality then, and the municipality it belongs to today).
with bevolking_sector as (
    select * from {{ ref('stg_statbel__bevolking_sector') }}
),

huishoudens_sector as (
    select * from {{ ref('stg_statbel__huishoudens_sector') }}
),

sector_versies as (
    select * from {{ ref('int_geografie__sector_versies') }}
),

samen as (
    select
        coalesce(bevolking_sector.reference_year, huishoudens_sector.reference_year) as reference_year,
        coalesce(bevolking_sector.reference_date, huishoudens_sector.reference_date) as reference_date,
        coalesce(bevolking_sector.sector_code, huishoudens_sector.sector_code) as sector_code,
        bevolking_sector.bevolking_count,
        bevolking_sector.oppervlakte_hm2,
        huishoudens_sector.huishoudens_count,
        huishoudens_sector.wagens_count
    from bevolking_sector
    full outer join huishoudens_sector
        on
            bevolking_sector.reference_year = huishoudens_sector.reference_year
            and bevolking_sector.sector_code = huishoudens_sector.sector_code
)

select
    {{ surrogate_key(['samen.reference_year', 'samen.sector_code']) }} as sector_jaar_id,
    samen.reference_year,
    samen.reference_date,
    samen.sector_code,
    sector_versies.sector_key,
    sector_versies.is_onbekende_sector,
    sector_versies.gemeente_key,
    sector_versies.gemeente_nis_code,
    sector_versies.huidige_gemeente_nis_code,
    samen.bevolking_count,
    samen.oppervlakte_hm2,
    samen.huishoudens_count,
    samen.wagens_count
from samen
left join sector_versies
    on
        samen.sector_code = sector_versies.sector_code
        and samen.reference_date between sector_versies.valid_from and sector_versies.valid_to
