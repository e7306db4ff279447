{{ config(materialized="table") }}

-- Column names follow the indicator mart's shared contract; `value` is an SQL keyword (noqa: RF04).
-- Materialised as a table: the goal tree's actual values and the indicator union both read it.
-- Operating expenditure per inhabitant per beleidsdomein, per municipality on today's boundaries and book
-- year, from the annual accounts (JR) in the one version that counts (int_financien__huidige_gemeente),
-- divided by the residents on 1 January of the book year. A draft version makes the value provisional.
with uitgaven as (
    select * from {{ ref('int_financien__huidige_gemeente') }}
    where rapport_type_code = 'JR' and budgetsoort = 'exploitatie' and geldstroom = 'uitgave'
),

bevolking as (
    select * from {{ ref('int_bevolking__huidige_gemeente') }}
),

per_domein as (
    select
        gemeente_nis_code,
        boekjaar,
        beleidsdomein_code,
        max(rapportstatus) as rapportstatus,
        sum(bedrag_eur) as bedrag_eur
    from uitgaven
    group by gemeente_nis_code, boekjaar, beleidsdomein_code
)

select
    {{ dbt.concat(["'fin_expl_uitg_inw_d'", "per_domein.beleidsdomein_code"]) }} as indicator_code,
    'gemeente' as geografie_niveau,
    per_domein.gemeente_nis_code as geografie_code,
    cast(per_domein.boekjaar as {{ dbt.type_string() }}) as period,
    cast({{ round_decimal('per_domein.bedrag_eur / bevolking.bevolking_count', 2) }} as decimal(18, 2))
        as value,  -- noqa: RF04
    cast(per_domein.bedrag_eur as decimal(18, 2)) as numerator,
    cast(bevolking.bevolking_count as decimal(18, 2)) as denominator,
    'euro per inwoner' as unit,
    case when per_domein.rapportstatus = 'voorlopig' then 'voorlopig' else 'definitief' end as status
from per_domein
inner join bevolking
    on
        per_domein.gemeente_nis_code = bevolking.gemeente_nis_code
        and per_domein.boekjaar = bevolking.reference_year
