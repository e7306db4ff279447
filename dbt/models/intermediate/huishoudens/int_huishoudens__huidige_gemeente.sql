-- Sector figures per reference year summed onto today's municipalities, through the sector ->
-- municipality lookup (never the sector code's prefix): residents and area from the sector population
-- file, households and cars from the households file. Sums over nothing stay NULL (a year without
-- that file), not 0.
with sector_jaar as (
    select * from {{ ref('int_huishoudens__sector_jaar') }}
)

select
    reference_year,
    huidige_gemeente_nis_code as gemeente_nis_code,
    cast(sum(bevolking_count) as {{ dbt.type_bigint() }}) as bevolking_count,
    sum(oppervlakte_hm2) as oppervlakte_hm2,
    cast(sum(huishoudens_count) as {{ dbt.type_bigint() }}) as huishoudens_count,
    cast(sum(wagens_count) as {{ dbt.type_bigint() }}) as wagens_count,
    count(distinct case when not is_onbekende_sector then sector_code end) as sector_count,
    count(distinct gemeente_nis_code) as published_gemeente_count
from sector_jaar
group by reference_year, huidige_gemeente_nis_code
