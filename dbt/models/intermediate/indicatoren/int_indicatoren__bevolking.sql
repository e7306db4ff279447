-- Population indicators in the indicator contract (see _indicatoren__models.yml): density per
-- municipality and per sector, shares of age groups and of non-Belgians per municipality. Municipal
-- values are on today's boundaries; value = multiplier * numerator / denominator.
with bevolking as (
    select * from {{ ref('int_bevolking__huidige_gemeente') }}
),

sector_totalen as (
    select * from {{ ref('int_huishoudens__huidige_gemeente') }}
),

sector_jaar as (
    select * from {{ ref('int_huishoudens__sector_jaar') }}
),

aandelen as (
    {%- for code, teller in [
        ('bev_aandeel_0_17', 'leeftijd_0_17_count'),
        ('bev_aandeel_65_plus', 'leeftijd_65_plus_count'),
        ('bev_aandeel_niet_belgen', 'niet_belgen_count'),
    ] %}
        select
            '{{ code }}' as indicator_code,
            'gemeente' as geografie_niveau,
            gemeente_nis_code as geografie_code,
            gemeente_nis_code,
            cast(reference_year as {{ dbt.type_string() }}) as period,
            cast({{ teller }} as {{ dbt.type_numeric() }}) as numerator,
            cast(bevolking_count as {{ dbt.type_numeric() }}) as denominator,
            cast(100 as {{ dbt.type_numeric() }}) as multiplier,
            case when {{ teller }} < bevolking_count then {{ teller }} else bevolking_count end as eenheden_count,
            false as is_bron_onderdrukt,
            cast(null as {{ dbt.type_numeric() }}) as direct_value,
            false as is_voorlopig
        from bevolking
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

dichtheid_gemeente as (
    select
        'bev_dichtheid' as indicator_code,
        'gemeente' as geografie_niveau,
        bevolking.gemeente_nis_code as geografie_code,
        bevolking.gemeente_nis_code,
        cast(bevolking.reference_year as {{ dbt.type_string() }}) as period,
        cast(bevolking.bevolking_count as {{ dbt.type_numeric() }}) as numerator,
        cast(sector_totalen.oppervlakte_hm2 as {{ dbt.type_numeric() }}) / 100 as denominator,
        cast(1 as {{ dbt.type_numeric() }}) as multiplier,
        bevolking.bevolking_count as eenheden_count,
        false as is_bron_onderdrukt,
        cast(null as {{ dbt.type_numeric() }}) as direct_value,
        false as is_voorlopig
    from bevolking
    inner join sector_totalen
        on
            bevolking.reference_year = sector_totalen.reference_year
            and bevolking.gemeente_nis_code = sector_totalen.gemeente_nis_code
    where sector_totalen.oppervlakte_hm2 is not null
),

-- Sector level: real sectors only (the unknown sector <NIS>ZZZZ has no territory).
dichtheid_sector as (
    select
        'bev_dichtheid' as indicator_code,
        'sector' as geografie_niveau,
        sector_code as geografie_code,
        huidige_gemeente_nis_code as gemeente_nis_code,
        cast(reference_year as {{ dbt.type_string() }}) as period,
        cast(bevolking_count as {{ dbt.type_numeric() }}) as numerator,
        cast(oppervlakte_hm2 as {{ dbt.type_numeric() }}) / 100 as denominator,
        cast(1 as {{ dbt.type_numeric() }}) as multiplier,
        bevolking_count as eenheden_count,
        false as is_bron_onderdrukt,
        cast(null as {{ dbt.type_numeric() }}) as direct_value,
        false as is_voorlopig
    from sector_jaar
    where
        not is_onbekende_sector
        and bevolking_count is not null
)

select * from aandelen
union all
select * from dichtheid_gemeente
union all
select * from dichtheid_sector
