-- Fiscal income per reference year on today's municipalities: every municipality code of the file is
-- mapped to the municipality it belongs to today and the measures are summed. A sum with a part that
-- Statbel suppressed ('*') is unknown: NULL with status 'onderdrukt', never a partial sum.
with inkomens as (
    select * from {{ ref('stg_statbel__fiscale_inkomens') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

mapped as (
    select
        inkomens.*,
        coalesce(huidige_gemeente.huidige_gemeente_nis_code, inkomens.gemeente_nis_code) as huidige_gemeente_nis_code
    from inkomens
    left join huidige_gemeente
        on inkomens.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
)

select
    reference_year,
    huidige_gemeente_nis_code as gemeente_nis_code,
    {{ sum_when_all_published('aangiften_niet_nul_count', dbt.type_bigint()) }},
    {{ sum_when_all_published('aangiften_nul_count', dbt.type_bigint()) }},
    {{ sum_when_all_published('netto_belastbaar_inkomen_amount', dbt.type_numeric()) }},
    {{ sum_when_all_published('netto_inkomen_amount', dbt.type_numeric()) }},
    {{ sum_when_all_published('staatsbelasting_amount', dbt.type_numeric()) }},
    {{ sum_when_all_published('gemeentebelasting_amount', dbt.type_numeric()) }},
    {{ sum_when_all_published('agglomeratiebelasting_amount', dbt.type_numeric()) }},
    {{ sum_when_all_published('belastingen_amount', dbt.type_numeric()) }},
    {{ sum_when_all_published('inwoners_count', dbt.type_bigint()) }},
    count(*) as published_gemeente_count
from mapped
group by reference_year, huidige_gemeente_nis_code
