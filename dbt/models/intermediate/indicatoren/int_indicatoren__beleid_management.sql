-- The beleid and management indicators in the indicator contract (_indicatoren__models.yml), so that
-- fct_indicator_waarde unions them with the omgeving indicators and applies one set of rules to all:
-- * fin_expl_uitg_inw_d0 ... d9: operating expenditure per inhabitant per beleidsdomein (annual accounts);
-- * meld_sla_aandeel: share of service requests closed within their target;
-- * meld_med_doorlooptijd_<categorie>: median lead time per category;
-- * doel_streefwaarde_gehaald_aandeel: share of the multi-year plan's indicators that met their target.
-- The domain models keep their own rounded `value` for the goal tree; here only the parts travel on:
-- a ratio as numerator and denominator (so the centrumsteden can be added up), a median as direct_value
-- (a median of medians means nothing, so it gets no centrumsteden aggregate).
with financien as (
    select * from {{ ref('int_financien__indicatoren') }}
),

meldingen as (
    select * from {{ ref('int_meldingen__indicatoren') }}
),

doelbereik as (
    select * from {{ ref('int_doelstellingen__doelbereik') }}
),

-- Amounts of the administration itself: not about persons, so no disclosure count.
financien_contract as (
    select
        indicator_code,
        geografie_niveau,
        geografie_code,
        geografie_code as gemeente_nis_code,
        period,
        cast(numerator as {{ dbt.type_numeric() }}) as numerator,
        cast(denominator as {{ dbt.type_numeric() }}) as denominator,
        cast(1 as {{ dbt.type_numeric() }}) as multiplier,
        cast(null as {{ dbt.type_int() }}) as eenheden_count,
        false as is_bron_onderdrukt,
        cast(null as {{ dbt.type_numeric() }}) as direct_value,
        status = 'voorlopig' as is_voorlopig
    from financien
),

-- Requests come from persons: the number of requests behind a value is its disclosure count.
meldingen_contract as (
    select
        indicator_code,
        geografie_niveau,
        geografie_code,
        geografie_code as gemeente_nis_code,
        period,
        cast(numerator as {{ dbt.type_numeric() }}) as numerator,
        cast(denominator as {{ dbt.type_numeric() }}) as denominator,
        cast(case when numerator is null then 1 else 100 end as {{ dbt.type_numeric() }}) as multiplier,
        cast(melding_count as {{ dbt.type_int() }}) as eenheden_count,
        false as is_bron_onderdrukt,
        cast(case when numerator is null then value end as {{ dbt.type_numeric() }}) as direct_value,
        status = 'voorlopig' as is_voorlopig
    from meldingen
),

-- The plan's own indicators, counted: not about persons.
doelbereik_contract as (
    select
        indicator_code,
        geografie_niveau,
        geografie_code,
        geografie_code as gemeente_nis_code,
        period,
        cast(numerator as {{ dbt.type_numeric() }}) as numerator,
        cast(denominator as {{ dbt.type_numeric() }}) as denominator,
        cast(100 as {{ dbt.type_numeric() }}) as multiplier,
        cast(null as {{ dbt.type_int() }}) as eenheden_count,
        false as is_bron_onderdrukt,
        cast(null as {{ dbt.type_numeric() }}) as direct_value,
        status = 'voorlopig' as is_voorlopig
    from doelbereik
)

select * from financien_contract
union all
select * from meldingen_contract
union all
select * from doelbereik_contract
