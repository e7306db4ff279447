-- Household indicators in the indicator contract (see _indicatoren__models.yml): average household
-- size (residents per private household) and cars per household, per municipality on today's
-- boundaries and per sector. Both counts come from the sector files, so numerator and denominator
-- cover the same sectors.
with gemeenten as (
    select * from {{ ref('int_huishoudens__huidige_gemeente') }}
),

sector_jaar as (
    select * from {{ ref('int_huishoudens__sector_jaar') }}
),

per_niveau as (
    select
        'gemeente' as geografie_niveau,
        gemeente_nis_code as geografie_code,
        gemeente_nis_code,
        reference_year,
        bevolking_count,
        huishoudens_count,
        wagens_count
    from gemeenten
    union all
    select
        'sector' as geografie_niveau,
        sector_code as geografie_code,
        huidige_gemeente_nis_code as gemeente_nis_code,
        reference_year,
        bevolking_count,
        huishoudens_count,
        wagens_count
    from sector_jaar
    where not is_onbekende_sector
)

select
    'hh_gemiddelde_grootte' as indicator_code,
    geografie_niveau,
    geografie_code,
    gemeente_nis_code,
    cast(reference_year as {{ dbt.type_string() }}) as period,
    cast(bevolking_count as {{ dbt.type_numeric() }}) as numerator,
    cast(huishoudens_count as {{ dbt.type_numeric() }}) as denominator,
    cast(1 as {{ dbt.type_numeric() }}) as multiplier,
    case when bevolking_count < huishoudens_count then bevolking_count else huishoudens_count end as eenheden_count,
    false as is_bron_onderdrukt,
    cast(null as {{ dbt.type_numeric() }}) as direct_value,
    false as is_voorlopig
from per_niveau
where
    bevolking_count is not null
    and huishoudens_count is not null
union all
select
    'hh_wagens_per_huishouden' as indicator_code,
    geografie_niveau,
    geografie_code,
    gemeente_nis_code,
    cast(reference_year as {{ dbt.type_string() }}) as period,
    cast(wagens_count as {{ dbt.type_numeric() }}) as numerator,
    cast(huishoudens_count as {{ dbt.type_numeric() }}) as denominator,
    cast(1 as {{ dbt.type_numeric() }}) as multiplier,
    huishoudens_count as eenheden_count,
    false as is_bron_onderdrukt,
    cast(null as {{ dbt.type_numeric() }}) as direct_value,
    false as is_voorlopig
from per_niveau
where huishoudens_count is not null
