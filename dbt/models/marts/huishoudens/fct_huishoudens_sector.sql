-- Private households and their cars per statistical sector and year (Statbel TF_CAR_HH_SECTOR), with
-- the sector version and the municipality version valid on 1 January, and today's municipality.
with sector_jaar as (
    select * from {{ ref('int_huishoudens__sector_jaar') }}
)

select
    sector_jaar_id as huishoudens_sector_id,
    reference_year,
    reference_date,
    sector_key,
    sector_code,
    is_onbekende_sector,
    gemeente_key,
    gemeente_nis_code,
    huidige_gemeente_nis_code,
    huishoudens_count,
    wagens_count
from sector_jaar
where huishoudens_count is not null
