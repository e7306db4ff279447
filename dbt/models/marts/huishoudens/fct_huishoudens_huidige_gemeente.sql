-- Residents, area, private households and cars per year on today's municipal boundaries, summed from
-- the sectors through the sector -> municipality lookup: comparable over the 2019 and 2025 mergers.
with harmonised as (
    select * from {{ ref('int_huishoudens__huidige_gemeente') }}
),

gemeente_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
),

huidige_versies as (
    select * from gemeente_versies
    where valid_to = cast('9999-12-31' as date)
)

select
    {{ surrogate_key(['harmonised.reference_year', 'harmonised.gemeente_nis_code']) }}
        as huishoudens_huidige_gemeente_id,
    harmonised.reference_year,
    huidige_versies.gemeente_key,
    harmonised.gemeente_nis_code,
    harmonised.bevolking_count,
    harmonised.oppervlakte_hm2,
    harmonised.huishoudens_count,
    harmonised.wagens_count,
    harmonised.sector_count,
    harmonised.published_gemeente_count
from harmonised
left join huidige_versies
    on harmonised.gemeente_nis_code = huidige_versies.gemeente_nis_code
