-- Fiscal income per year on today's municipal boundaries, comparable over the 2019 and 2025 mergers.
-- A measure with a suppressed part is NULL with status 'onderdrukt': the sum is unknown, not smaller.
with harmonised as (
    select * from {{ ref('int_inkomens__huidige_gemeente') }}
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
        as fiscaal_inkomen_huidige_gemeente_id,
    harmonised.reference_year,
    huidige_versies.gemeente_key,
    harmonised.gemeente_nis_code,
    harmonised.aangiften_niet_nul_count,
    harmonised.aangiften_niet_nul_count_status,
    harmonised.aangiften_nul_count,
    harmonised.aangiften_nul_count_status,
    harmonised.netto_belastbaar_inkomen_amount,
    harmonised.netto_belastbaar_inkomen_amount_status,
    harmonised.netto_inkomen_amount,
    harmonised.netto_inkomen_amount_status,
    harmonised.staatsbelasting_amount,
    harmonised.staatsbelasting_amount_status,
    harmonised.gemeentebelasting_amount,
    harmonised.gemeentebelasting_amount_status,
    harmonised.agglomeratiebelasting_amount,
    harmonised.agglomeratiebelasting_amount_status,
    harmonised.belastingen_amount,
    harmonised.belastingen_amount_status,
    harmonised.inwoners_count,
    harmonised.inwoners_count_status,
    harmonised.published_gemeente_count
from harmonised
left join huidige_versies
    on harmonised.gemeente_nis_code = huidige_versies.gemeente_nis_code
