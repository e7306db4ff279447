-- Population per reference year on today's municipal boundaries, comparable over the 2019 and 2025
-- mergers: Hasselt before 2025 counts Hasselt (71022) and Kortessem (73040) together, Antwerpen counts
-- Borsbeek (11007) in every year.
with harmonised as (
    select * from {{ ref('int_bevolking__huidige_gemeente') }}
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
        as bevolking_huidige_gemeente_id,
    harmonised.reference_year,
    huidige_versies.gemeente_key,
    harmonised.gemeente_nis_code,
    harmonised.bevolking_count,
    harmonised.mannen_count,
    harmonised.vrouwen_count,
    harmonised.belgen_count,
    harmonised.niet_belgen_count,
    harmonised.leeftijd_0_17_count,
    harmonised.leeftijd_18_64_count,
    harmonised.leeftijd_65_plus_count,
    harmonised.published_gemeente_count
from harmonised
left join huidige_versies
    on harmonised.gemeente_nis_code = huidige_versies.gemeente_nis_code
