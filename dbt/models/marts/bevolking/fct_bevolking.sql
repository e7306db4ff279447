-- Population on 1 January at the grain reference year x municipality (as it was then) x sex x age x
-- nationality. Civil status is summed away; the municipality version valid on the counting date is
-- attached as gemeente_key.
with bevolking as (
    select * from {{ ref('stg_statbel__bevolking_structuur') }}
),

gemeente_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
),

per_grain as (
    select
        reference_year,
        reference_date,
        gemeente_nis_code,
        geslacht_code,
        leeftijd,
        nationaliteit_code,
        cast(sum(bevolking_count) as {{ dbt.type_bigint() }}) as bevolking_count
    from bevolking
    group by reference_year, reference_date, gemeente_nis_code, geslacht_code, leeftijd, nationaliteit_code
)

select
    {{ surrogate_key([
        'per_grain.reference_year', 'per_grain.gemeente_nis_code', 'per_grain.geslacht_code',
        'per_grain.leeftijd', 'per_grain.nationaliteit_code'
    ]) }} as bevolking_id,
    per_grain.reference_year,
    per_grain.reference_date,
    gemeente_versies.gemeente_key,
    per_grain.gemeente_nis_code,
    per_grain.geslacht_code,
    per_grain.leeftijd,
    per_grain.nationaliteit_code,
    per_grain.bevolking_count
from per_grain
left join gemeente_versies
    on
        per_grain.gemeente_nis_code = gemeente_versies.gemeente_nis_code
        and per_grain.reference_date between gemeente_versies.valid_from and gemeente_versies.valid_to
