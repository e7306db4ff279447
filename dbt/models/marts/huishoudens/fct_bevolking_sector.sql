-- Population on 1 January per statistical sector and year (Statbel OPENDATA_SECTOREN), with the sector
-- version and the municipality version valid on the counting date, and today's municipality.
with sector_jaar as (
    select * from {{ ref('int_huishoudens__sector_jaar') }}
)

select
    sector_jaar_id as bevolking_sector_id,
    reference_year,
    reference_date,
    sector_key,
    sector_code,
    is_onbekende_sector,
    gemeente_key,
    gemeente_nis_code,
    huidige_gemeente_nis_code,
    bevolking_count,
    oppervlakte_hm2
from sector_jaar
where bevolking_count is not null
