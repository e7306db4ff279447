{#- The indicator models, one per domain, each delivering the contract of
    models/intermediate/indicatoren/_indicatoren__models.yml. A new domain adds its model here. -#}
{%- set indicator_models = [
    'int_indicatoren__bevolking',
    'int_indicatoren__huishoudens',
    'int_indicatoren__inkomens',
    'int_indicatoren__beleid_management',
] -%}
{#- The columns of the indicator contract, in order. -#}
{%- set contract_columns = [
    'indicator_code', 'geografie_niveau', 'geografie_code', 'gemeente_nis_code', 'period', 'numerator',
    'denominator', 'multiplier', 'eenheden_count', 'is_bron_onderdrukt', 'direct_value', 'is_voorlopig',
] -%}
{%- set k = var('disclosure_k') -%}

-- Every indicator value in long form, omgeving, beleid and management alike: one row per indicator x
-- geography x period, for municipalities (today's boundaries), statistical sectors and the centrumsteden
-- as one area, with the city's position against that average. A value is multiplier * numerator /
-- denominator, or the direct_value of a statistic that is no ratio (a median), which has no centrumsteden
-- aggregate. A provisional input (a draft annual account, requests still open) makes the value
-- provisional (is_voorlopig). Disclosure control: a value computed from fewer than k persons, households
-- or service requests (var disclosure_k) is suppressed - value, numerator and denominator NULL, status
-- 'onderdrukt' - and where a municipality has exactly one such sector, its next-smallest sector is
-- suppressed as well, so the hidden cell cannot be recovered from the municipal total.
with basis as (
    {%- for model in indicator_models %}
        select {{ contract_columns | join(', ') }}
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

catalogus as (
    select * from {{ ref('ref_indicatoren') }}
),

centrumsteden as (
    select * from {{ ref('ref_centrumsteden') }}
),

aantal_centrumsteden as (
    select count(*) as steden_totaal from centrumsteden
),

-- The centrumsteden as one area: sum of numerators over sum of denominators (never an average of the
-- cities' ratios). Incomplete when a city has no value for the period; unknown when a city's input was
-- suppressed at the source.
centrumsteden_aggregaat as (
    select
        basis.indicator_code,
        'centrumsteden' as geografie_niveau,
        'centrumsteden' as geografie_code,
        cast(null as {{ dbt.type_string() }}) as gemeente_nis_code,
        basis.period,
        sum(basis.numerator) as numerator,
        sum(basis.denominator) as denominator,
        max(basis.multiplier) as multiplier,
        sum(basis.eenheden_count) as eenheden_count,
        max(case when basis.is_bron_onderdrukt then 1 else 0 end) = 1 as is_bron_onderdrukt,
        cast(null as {{ dbt.type_numeric() }}) as direct_value,
        max(case when basis.is_voorlopig then 1 else 0 end) = 1 as is_voorlopig,
        count(distinct basis.geografie_code) < max(aantal_centrumsteden.steden_totaal) as is_onvolledig
    from basis
    inner join centrumsteden
        on basis.geografie_code = centrumsteden.gemeente_nis_code
    cross join aantal_centrumsteden
    where
        basis.geografie_niveau = 'gemeente'
        and basis.direct_value is null
    group by basis.indicator_code, basis.period
),

alle as (
    select
        {%- for column in contract_columns %}
            {{ column }},
        {%- endfor %}
        false as is_onvolledig
    from basis
    union all
    select
        {%- for column in contract_columns %}
            {{ column }},
        {%- endfor %}
        is_onvolledig
    from centrumsteden_aggregaat
),

primair as (
    select
        alle.*,
        case
            when alle.is_bron_onderdrukt then 'bron'
            when alle.is_onvolledig then 'onvolledig'
            when alle.eenheden_count < {{ k }} then 'kleine_cel'
            when alle.direct_value is not null then null
            when alle.numerator is null or alle.denominator is null or alle.denominator = 0 then 'niet_berekenbaar'
        end as primaire_reden
    from alle
),

-- Secondary suppression: a municipality with exactly one sector suppressed for an indicator and period
-- also loses its next-smallest published sector.
enkel_onderdrukt as (
    select
        indicator_code,
        period,
        gemeente_nis_code
    from primair
    where
        geografie_niveau = 'sector'
        and primaire_reden = 'kleine_cel'
    group by indicator_code, period, gemeente_nis_code
    having count(*) = 1
),

kandidaten as (
    select
        primair.indicator_code,
        primair.period,
        primair.geografie_code,
        row_number() over (
            partition by primair.indicator_code, primair.period, primair.gemeente_nis_code
            order by primair.eenheden_count, primair.geografie_code
        ) as volgorde
    from primair
    inner join enkel_onderdrukt
        on
            primair.indicator_code = enkel_onderdrukt.indicator_code
            and primair.period = enkel_onderdrukt.period
            and primair.gemeente_nis_code = enkel_onderdrukt.gemeente_nis_code
    where
        primair.geografie_niveau = 'sector'
        and primair.primaire_reden is null
),

beoordeeld as (
    select
        primair.*,
        coalesce(
            primair.primaire_reden,
            case when kandidaten.geografie_code is not null then 'secundair' end
        ) as status_reden
    from primair
    left join kandidaten
        on
            primair.geografie_niveau = 'sector'
            and primair.indicator_code = kandidaten.indicator_code
            and primair.period = kandidaten.period
            and primair.geografie_code = kandidaten.geografie_code
            and kandidaten.volgorde = 1
),

waarden as (
    select
        beoordeeld.*,
        case
            when beoordeeld.status_reden is null then 'gepubliceerd'
            when beoordeeld.status_reden in ('bron', 'kleine_cel', 'secundair') then 'onderdrukt'
            else 'ontbrekend'
        end as status,
        cast(
            case
                when beoordeeld.status_reden is null
                    then coalesce(
                        beoordeeld.direct_value,
                        beoordeeld.multiplier * beoordeeld.numerator / beoordeeld.denominator
                    )
            end as {{ dbt.type_numeric() }}
        ) as value  -- noqa: RF04
    from beoordeeld
),

referentie as (
    select
        indicator_code,
        period,
        value as centrumsteden_value
    from waarden
    where geografie_niveau = 'centrumsteden'
),

rangorde as (
    select
        waarden.indicator_code,
        waarden.period,
        waarden.geografie_code,
        rank() over (partition by waarden.indicator_code, waarden.period order by waarden.value desc)
            as centrumsteden_rang
    from waarden
    inner join centrumsteden
        on waarden.geografie_code = centrumsteden.gemeente_nis_code
    where
        waarden.geografie_niveau = 'gemeente'
        and waarden.status = 'gepubliceerd'
)

select
    {{ surrogate_key([
        'waarden.indicator_code', 'waarden.geografie_niveau', 'waarden.geografie_code', 'waarden.period'
    ]) }} as indicator_waarde_id,
    waarden.indicator_code,
    waarden.geografie_niveau,
    waarden.geografie_code,
    waarden.gemeente_nis_code,
    waarden.period,
    waarden.value,
    -- Cast: on PostgreSQL a case without else loses the numeric's precision and scale.
    cast(case when waarden.status = 'gepubliceerd' then waarden.numerator end as {{ dbt.type_numeric() }})
        as numerator,
    case when waarden.status = 'gepubliceerd' then waarden.denominator end as denominator,
    catalogus.unit,
    waarden.status,
    waarden.status_reden,
    waarden.is_voorlopig,
    case when waarden.status = 'gepubliceerd' then waarden.eenheden_count end as eenheden_count,
    case when waarden.geografie_niveau = 'gemeente' then referentie.centrumsteden_value end as centrumsteden_value,
    cast(
        case
            when waarden.geografie_niveau = 'gemeente' and referentie.centrumsteden_value <> 0
                then 100 * waarden.value / referentie.centrumsteden_value
        end as {{ dbt.type_numeric() }}
    ) as centrumsteden_index,
    rangorde.centrumsteden_rang
from waarden
left join catalogus
    on waarden.indicator_code = catalogus.indicator_code
left join referentie
    on
        waarden.indicator_code = referentie.indicator_code
        and waarden.period = referentie.period
left join rangorde
    on
        waarden.indicator_code = rangorde.indicator_code
        and waarden.period = rangorde.period
        and waarden.geografie_code = rangorde.geografie_code
        and waarden.geografie_niveau = 'gemeente'
