-- For every municipality code in REFNIS, the municipality it belongs to today.
-- Flemish mergers were whole municipalities, so a series is harmonised exactly by summing the
-- predecessors. Two steps cover a code merged in 2019 whose successor merged again in 2025; the test
-- on this model fails if a longer chain ever appears.
-- REFNIS goes back to 1970 but names no successors: a code that ended without a merger in
-- ref_gemeente_fusies (the 1977 mergers, Antwerpen's of 1983 and earlier changes) keeps no municipality of
-- today (null). It stays in the geography with its validity; assert_huidige_gemeente_exists_today only
-- requires a successor for codes valid in the years the warehouse holds data for, or used by a fact.
with fusies as (
    select * from {{ ref('ref_gemeente_fusies') }}
),

gemeente_codes as (
    select
        gemeente_nis_code,
        max(valid_to) as last_valid_to
    from {{ ref('int_geografie__gemeente_versies') }}
    group by gemeente_nis_code
),

eerste_fusie as (
    select
        gemeente_codes.gemeente_nis_code,
        gemeente_codes.last_valid_to,
        case
            when fusies.new_gemeente_nis_code is not null then fusies.new_gemeente_nis_code
            when gemeente_codes.last_valid_to = cast('9999-12-31' as date) then gemeente_codes.gemeente_nis_code
        end as na_eerste_fusie_code
    from gemeente_codes
    left join fusies
        on gemeente_codes.gemeente_nis_code = fusies.old_gemeente_nis_code
),

tweede_fusie as (
    select
        eerste_fusie.gemeente_nis_code,
        eerste_fusie.last_valid_to,
        coalesce(fusies.new_gemeente_nis_code, eerste_fusie.na_eerste_fusie_code) as huidige_gemeente_nis_code
    from eerste_fusie
    left join fusies
        on eerste_fusie.na_eerste_fusie_code = fusies.old_gemeente_nis_code
)

select
    gemeente_nis_code,
    huidige_gemeente_nis_code,
    coalesce(gemeente_nis_code <> huidige_gemeente_nis_code, true) as is_gefusioneerd,
    huidige_gemeente_nis_code is not null as heeft_huidige_gemeente,
    last_valid_to
from tweede_fusie
