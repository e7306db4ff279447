-- The figures to report: per municipality on today's boundaries, beleidsveld, cash flow, soort, book year
-- and report type, exactly one report version (int_financien__gekozen_versie_bedragen), with the amount per
-- inhabitant on 1 January of the book year (fct_bevolking_huidige_gemeente, same boundaries).
with bedragen as (
    select * from {{ ref('int_financien__huidige_gemeente') }}
),

bevolking as (
    select * from {{ ref('fct_bevolking_huidige_gemeente') }}
),

huidige_gemeenten as (
    select * from {{ ref('dim_gemeente') }}
    where is_current
)

select
    {{ surrogate_key([
        'bedragen.gemeente_nis_code', 'bedragen.beleidsveld_code', 'bedragen.geldstroom', 'bedragen.budgetsoort',
        'bedragen.boekjaar', 'bedragen.rapport_type_code'
    ]) }} as financien_beleidsveld_id,
    huidige_gemeenten.gemeente_key,
    bedragen.gemeente_nis_code,
    bedragen.beleidsveld_code,
    bedragen.geldstroom,
    bedragen.budgetsoort,
    bedragen.boekjaar,
    bedragen.rapport_type_code,
    bedragen.rapportjaar,
    bedragen.rapportstatus,
    bedragen.rapportstatus = 'voorlopig' as is_voorlopig,
    bedragen.bedrag_eur,
    bevolking.bevolking_count,
    cast({{ round_decimal('bedragen.bedrag_eur / bevolking.bevolking_count', 2) }} as decimal(18, 2))
        as bedrag_per_inwoner_eur,
    bedragen.published_gemeente_count
from bedragen
left join huidige_gemeenten
    on bedragen.gemeente_nis_code = huidige_gemeenten.gemeente_nis_code
left join bevolking
    on
        bedragen.gemeente_nis_code = bevolking.gemeente_nis_code
        and bedragen.boekjaar = bevolking.reference_year
