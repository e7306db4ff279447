-- Population per reference year on today's municipal boundaries: every published municipality code is
-- mapped to the municipality it is part of today and the counts are summed. A code missing from the
-- mapping keeps its own code (and fails the relationship test downstream) rather than being dropped.
with bevolking as (
    select * from {{ ref('stg_statbel__bevolking_structuur') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

mapped as (
    select
        bevolking.reference_year,
        bevolking.gemeente_nis_code as published_gemeente_nis_code,
        coalesce(huidige_gemeente.huidige_gemeente_nis_code, bevolking.gemeente_nis_code)
            as gemeente_nis_code,
        bevolking.geslacht_code,
        bevolking.nationaliteit_code,
        bevolking.leeftijd,
        bevolking.bevolking_count
    from bevolking
    left join huidige_gemeente
        on bevolking.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
)

select
    reference_year,
    gemeente_nis_code,
    cast(sum(bevolking_count) as {{ dbt.type_bigint() }}) as bevolking_count,
    cast(sum(case when geslacht_code = 'M' then bevolking_count else 0 end) as {{ dbt.type_bigint() }}) as mannen_count,
    cast(sum(case when geslacht_code = 'F' then bevolking_count else 0 end) as {{ dbt.type_bigint() }})
        as vrouwen_count,
    cast(sum(case when nationaliteit_code = 'BEL' then bevolking_count else 0 end) as {{ dbt.type_bigint() }})
        as belgen_count,
    cast(sum(case when nationaliteit_code = 'ETR' then bevolking_count else 0 end) as {{ dbt.type_bigint() }})
        as niet_belgen_count,
    cast(sum(case when leeftijd < 18 then bevolking_count else 0 end) as {{ dbt.type_bigint() }})
        as leeftijd_0_17_count,
    cast(sum(case when leeftijd between 18 and 64 then bevolking_count else 0 end) as {{ dbt.type_bigint() }})
        as leeftijd_18_64_count,
    cast(sum(case when leeftijd >= 65 then bevolking_count else 0 end) as {{ dbt.type_bigint() }})
        as leeftijd_65_plus_count,
    count(distinct published_gemeente_nis_code) as published_gemeente_count
from mapped
group by reference_year, gemeente_nis_code
