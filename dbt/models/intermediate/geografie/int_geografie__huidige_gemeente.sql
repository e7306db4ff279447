-- For every municipality code in REFNIS, the municipality it belongs to today.
-- Flemish mergers were whole municipalities, so a series is harmonised exactly by summing the
-- predecessors. Two steps cover a code merged in 2019 whose successor merged again in 2025; the test
-- on this model fails if a longer chain ever appears.
with fusies as (
    select * from {{ ref('ref_gemeente_fusies') }}
),

gemeente_codes as (
    select distinct gemeente_nis_code from {{ ref('int_geografie__gemeente_versies') }}
),

eerste_fusie as (
    select
        gemeente_codes.gemeente_nis_code,
        coalesce(fusies.new_gemeente_nis_code, gemeente_codes.gemeente_nis_code) as na_eerste_fusie_code
    from gemeente_codes
    left join fusies
        on gemeente_codes.gemeente_nis_code = fusies.old_gemeente_nis_code
),

tweede_fusie as (
    select
        eerste_fusie.gemeente_nis_code,
        coalesce(fusies.new_gemeente_nis_code, eerste_fusie.na_eerste_fusie_code) as huidige_gemeente_nis_code
    from eerste_fusie
    left join fusies
        on eerste_fusie.na_eerste_fusie_code = fusies.old_gemeente_nis_code
)

select
    gemeente_nis_code,
    huidige_gemeente_nis_code,
    gemeente_nis_code <> huidige_gemeente_nis_code as is_gefusioneerd
from tweede_fusie
