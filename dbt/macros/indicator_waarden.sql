{#- The indicator mart's rules, applied to a set of indicator models that deliver the contract of
    models/intermediate/indicatoren/_indicatoren__models.yml. The rules work per indicator (a group
    aggregate, a rank, a suppression never mixes indicators), so the mart is computed in parts that are
    rebuilt apart: int_indicatoren__waarden_omgeving (Statbel) and int_indicatoren__waarden_beleid_management
    (finances, goals, service requests), and fct_indicator_waarde unions them. A daily service-request file
    then recomputes a few hundred values, not the hundreds of thousands of the statistical sectors.
    met_meldingen: the part holds service-request indicators (meld_*), which follow the disclosure decision
    and the coverage of the request counts (int_meldingen__aantal_beschermd); without it, every period is
    covered completely and no value rests on a request count. -#}
{% macro indicator_waarden(indicator_models, met_meldingen) %}
{#- The columns of the indicator contract, in order. -#}
{%- set contract_columns = [
    'indicator_code', 'geografie_niveau', 'geografie_code', 'gemeente_nis_code', 'period', 'numerator',
    'denominator', 'multiplier', 'eenheden_count', 'is_bron_onderdrukt', 'direct_value', 'is_voorlopig',
] -%}
{%- set k = var('disclosure_k') -%}
{#- The benchmark groups: the 13 centrumsteden, and the Brussels-Capital Region (the VGC's area). -#}
{%- set brussel = '04000' -%}
-- Every indicator value in long form, omgeving, beleid and management alike: one row per indicator x
-- geography x period, for municipalities (today's boundaries), statistical sectors, the centrumsteden as
-- one area and the Brussels-Capital Region as one area, with each city's position against its groups.
-- A value is multiplier * numerator / denominator, or the direct_value of a statistic that is no ratio
-- (a median), which has no group aggregate. A provisional input makes the value provisional.
-- Periods: period_type jaar, kwartaal ('YYYY-Qn') or maand, with the first and last day covered; a period
-- the data do not cover completely (service requests from 10 March) is never published as a year or a
-- quarter (status ontbrekend, reason onvolledige_periode) and a month says it is incomplete (is_volledig
-- false).
-- Disclosure control follows the source (catalogue column bron_openbaarheid): figures republished from
-- a public source (Statbel, ABB) are not suppressed - they are public already. Figures derived from the
-- organisation's own data (service requests, the plan) are: a value resting on fewer than k units (var
-- disclosure_k) is suppressed (kleine_cel); a value whose count cell is suppressed (the decision of
-- int_meldingen__aantal_beschermd, which fct_melding_aantal publishes) goes with it (secundair), and so does
-- a group aggregate with a suppressed member.
-- Ranks follow the catalogue's direction (rank 1 = best; none for a neutral indicator) and exist only
-- where more than half of the group has a published value.
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

huidige_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
    where valid_to = cast('9999-12-31' as date)
),
{%- if met_meldingen %}

-- The request counts with their disclosure decision, read where it is made (as the plan's actual values do).
melding_aantallen as (
    select * from {{ ref('int_meldingen__aantal_beschermd') }}
),
{%- endif %}

-- Membership of the benchmark groups: the centrumsteden and the Brussels-Capital Region.
groepen as (
    select
        'centrumsteden' as groep_niveau,
        'centrumsteden' as groep_code,
        gemeente_nis_code
    from centrumsteden
    union all
    select
        'gewest' as groep_niveau,
        gewest_nis_code as groep_code,
        gemeente_nis_code
    from huidige_versies
    where gewest_nis_code = '{{ brussel }}'
),

groep_grootte as (
    select
        groep_niveau,
        groep_code,
        count(*) as leden_totaal
    from groepen
    group by groep_niveau, groep_code
),

-- A group as one area: sum of numerators over sum of denominators (never an average of the cities'
-- ratios). Incomplete when a member has no value for the period; unknown when a member's input was
-- suppressed at the source.
groep_aggregaat as (
    select
        basis.indicator_code,
        groepen.groep_niveau as geografie_niveau,
        groepen.groep_code as geografie_code,
        cast(null as {{ dbt.type_string() }}) as gemeente_nis_code,
        basis.period,
        sum(basis.numerator) as numerator,
        sum(basis.denominator) as denominator,
        max(basis.multiplier) as multiplier,
        sum(basis.eenheden_count) as eenheden_count,
        max(case when basis.is_bron_onderdrukt then 1 else 0 end) = 1 as is_bron_onderdrukt,
        cast(null as {{ dbt.type_numeric() }}) as direct_value,
        max(case when basis.is_voorlopig then 1 else 0 end) = 1 as is_voorlopig,
        count(distinct basis.geografie_code) < max(groep_grootte.leden_totaal) as is_onvolledig
    from basis
    inner join groepen
        on basis.geografie_code = groepen.gemeente_nis_code
    inner join groep_grootte
        on
            groepen.groep_niveau = groep_grootte.groep_niveau
            and groepen.groep_code = groep_grootte.groep_code
    where
        basis.geografie_niveau = 'gemeente'
        and basis.direct_value is null
    group by basis.indicator_code, groepen.groep_niveau, groepen.groep_code, basis.period
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
    from groep_aggregaat
),

{%- if met_meldingen %}

-- The days the service-request data cover (from the first request to the newest extract).
melding_dekking as (
    select
        min(dekking_start) as dekking_start,
        max(dekking_einde) as dekking_einde
    from melding_aantallen
),
{%- endif %}
perioden as (
    select
        alle.*,
        case
            when substring(alle.period, 6, 1) = 'Q' then 'kwartaal'
            when {{ dbt.length('alle.period') }} = 7 then 'maand'
            else 'jaar'
        end as period_type,
        cast(
            case
                when substring(alle.period, 6, 1) = 'Q'
                    then {{ dbt.concat([
                        'substring(alle.period, 1, 4)',
                        "case substring(alle.period, 7, 1) when '1' then '-01-01' when '2' then '-04-01'"
                        ~ " when '3' then '-07-01' else '-10-01' end",
                    ]) }}
                when {{ dbt.length('alle.period') }} = 7 then {{ dbt.concat(['alle.period', "'-01'"]) }}
                else {{ dbt.concat(['alle.period', "'-01-01'"]) }}
            end as date
        ) as period_start
    from alle
),

gedekt as (
    select
        perioden.*,
        cast(
            case
                when perioden.period_type = 'maand'
                    then {{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'perioden.period_start')) }}
                when perioden.period_type = 'kwartaal'
                    then {{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'perioden.period_start')) }}
                else {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'perioden.period_start')) }}
            end as date
        ) as period_end
    from perioden
),

met_dekking as (
    select
        gedekt.*,
    {%- if met_meldingen %}
        case
            when gedekt.indicator_code like 'meld_%' and melding_dekking.dekking_start > gedekt.period_start
                then melding_dekking.dekking_start
            else gedekt.period_start
        end as dekking_start,
        case
            when gedekt.indicator_code like 'meld_%' and melding_dekking.dekking_einde < gedekt.period_end
                then melding_dekking.dekking_einde
            else gedekt.period_end
        end as dekking_einde
    from gedekt
    cross join melding_dekking
    {%- else %}
        gedekt.period_start as dekking_start,
        gedekt.period_end as dekking_einde
    from gedekt
    {%- endif %}
),

primair as (
    select
        met_dekking.*,
        catalogus.bron_openbaarheid,
        catalogus.richting,
        met_dekking.dekking_start = met_dekking.period_start and met_dekking.dekking_einde = met_dekking.period_end
            as is_volledig,
        case
            when met_dekking.is_bron_onderdrukt then 'bron'
            when met_dekking.is_onvolledig then 'onvolledig'
            when
                met_dekking.period_type in ('jaar', 'kwartaal')
                and not (
                    met_dekking.dekking_start = met_dekking.period_start
                    and met_dekking.dekking_einde = met_dekking.period_end
                )
                then 'onvolledige_periode'
            when catalogus.bron_openbaarheid = 'eigen' and met_dekking.eenheden_count < {{ k }} then 'kleine_cel'
            when met_dekking.direct_value is not null then null
            when
                met_dekking.numerator is null or met_dekking.denominator is null or met_dekking.denominator = 0
                then 'niet_berekenbaar'
        end as primaire_reden
    from met_dekking
    left join catalogus
        on met_dekking.indicator_code = catalogus.indicator_code
),

{%- if met_meldingen %}

-- The request count a service-request value rests on (all categories for the service-level share, the
-- category for a median): when that count is suppressed, the value goes too.
gekoppelde_cel as (
    select
        primair.indicator_code,
        primair.geografie_niveau,
        primair.geografie_code,
        primair.period
    from primair
    inner join melding_aantallen
        on
            primair.geografie_niveau = melding_aantallen.geografie_niveau
            and primair.geografie_code = melding_aantallen.geografie_code
            and primair.period = melding_aantallen.period
            and {{ rust_op_melding_cel('primair.indicator_code', 'melding_aantallen.categorie_code') }}
    where melding_aantallen.is_onderdrukt
),
{%- endif %}

na_koppeling as (
    select
        primair.*,
    {%- if met_meldingen %}
        coalesce(
            primair.primaire_reden,
            case when gekoppelde_cel.indicator_code is not null then 'secundair' end
        ) as reden_1
    from primair
    left join gekoppelde_cel
        on
            primair.indicator_code = gekoppelde_cel.indicator_code
            and primair.geografie_niveau = gekoppelde_cel.geografie_niveau
            and primair.geografie_code = gekoppelde_cel.geografie_code
            and primair.period = gekoppelde_cel.period
    {%- else %}
        primair.primaire_reden as reden_1
    from primair
    {%- endif %}
),

-- A group aggregate of protected figures with a suppressed member would give that member away.
groep_met_onderdrukt_lid as (
    select distinct
        na_koppeling.indicator_code,
        groepen.groep_niveau,
        groepen.groep_code,
        na_koppeling.period
    from na_koppeling
    inner join groepen
        on na_koppeling.geografie_code = groepen.gemeente_nis_code
    where
        na_koppeling.geografie_niveau = 'gemeente'
        and na_koppeling.bron_openbaarheid = 'eigen'
        and na_koppeling.reden_1 in ('kleine_cel', 'secundair')
),

beoordeeld as (
    select
        na_koppeling.*,
        coalesce(
            na_koppeling.reden_1,
            case when groep_met_onderdrukt_lid.indicator_code is not null then 'secundair' end
        ) as status_reden
    from na_koppeling
    left join groep_met_onderdrukt_lid
        on
            na_koppeling.indicator_code = groep_met_onderdrukt_lid.indicator_code
            and na_koppeling.geografie_niveau = groep_met_onderdrukt_lid.groep_niveau
            and na_koppeling.geografie_code = groep_met_onderdrukt_lid.groep_code
            and na_koppeling.period = groep_met_onderdrukt_lid.period
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
        geografie_niveau,
        geografie_code,
        period,
        value as groep_value
    from waarden
    where geografie_niveau in ('centrumsteden', 'gewest')
),

-- Ranks within each group, following the direction; only where more than half of the group has a value.
groep_waarden as (
    select
        waarden.indicator_code,
        waarden.period,
        waarden.geografie_code,
        waarden.value,
        waarden.richting,
        groepen.groep_niveau,
        groepen.groep_code,
        count(*) over (
            partition by waarden.indicator_code, waarden.period, groepen.groep_niveau, groepen.groep_code
        ) as gepubliceerd_in_groep
    from waarden
    inner join groepen
        on waarden.geografie_code = groepen.gemeente_nis_code
    where
        waarden.geografie_niveau = 'gemeente'
        and waarden.status = 'gepubliceerd'
        and waarden.richting in ('hoger_is_beter', 'lager_is_beter')
),

rangorde as (
    select
        groep_waarden.indicator_code,
        groep_waarden.period,
        groep_waarden.geografie_code,
        groep_waarden.groep_niveau,
        rank() over (
            partition by
                groep_waarden.indicator_code, groep_waarden.period, groep_waarden.groep_niveau,
                groep_waarden.groep_code
            order by
                case
                    when groep_waarden.richting = 'lager_is_beter' then groep_waarden.value
                    else -groep_waarden.value
                end
        ) as rang
    from groep_waarden
    inner join groep_grootte
        on
            groep_waarden.groep_niveau = groep_grootte.groep_niveau
            and groep_waarden.groep_code = groep_grootte.groep_code
    where 2 * groep_waarden.gepubliceerd_in_groep > groep_grootte.leden_totaal
)

-- The group values cast to the contract's decimal: PostgreSQL would infer a numeric without scale, and the
-- incremental mart compares the types of every run with its table's.
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
    cast(case when waarden.status = 'gepubliceerd' then waarden.denominator end as {{ dbt.type_numeric() }})
        as denominator,
    catalogus.unit,
    waarden.status,
    waarden.status_reden,
    waarden.is_voorlopig,
    cast(case when waarden.status = 'gepubliceerd' then waarden.eenheden_count end as {{ dbt.type_bigint() }})
        as eenheden_count,
    cast(
        case when waarden.geografie_niveau = 'gemeente' then centrumsteden_referentie.groep_value end
        as {{ dbt.type_numeric() }}
    ) as centrumsteden_value,
    cast(
        case
            when waarden.geografie_niveau = 'gemeente' and centrumsteden_referentie.groep_value <> 0
                then 100 * waarden.value / centrumsteden_referentie.groep_value
        end as {{ dbt.type_numeric() }}
    ) as centrumsteden_index,
    centrumsteden_rangorde.rang as centrumsteden_rang,
    huidige_versies.gemeente_key,
    waarden.period_type,
    waarden.period_start,
    waarden.period_end,
    waarden.dekking_start,
    waarden.dekking_einde,
    waarden.is_volledig,
    waarden.bron_openbaarheid,
    cast(
        case when waarden.geografie_niveau = 'gemeente' then brussel_referentie.groep_value end
        as {{ dbt.type_numeric() }}
    ) as brussel_value,
    cast(
        case
            when waarden.geografie_niveau = 'gemeente' and brussel_referentie.groep_value <> 0
                then 100 * waarden.value / brussel_referentie.groep_value
        end as {{ dbt.type_numeric() }}
    ) as brussel_index,
    brussel_rangorde.rang as brussel_rang,
    catalogus.obmi_domein,
    -- When this part was computed: the mart replaces a domain's rows only when its part is newer.
    {{ dbt.current_timestamp() }} as _berekend_at
from waarden
left join catalogus
    on waarden.indicator_code = catalogus.indicator_code
left join huidige_versies
    on waarden.gemeente_nis_code = huidige_versies.gemeente_nis_code
left join referentie as centrumsteden_referentie
    on
        waarden.indicator_code = centrumsteden_referentie.indicator_code
        and waarden.period = centrumsteden_referentie.period
        and centrumsteden_referentie.geografie_niveau = 'centrumsteden'
left join groepen as brussel_lid
    on
        waarden.geografie_code = brussel_lid.gemeente_nis_code
        and waarden.geografie_niveau = 'gemeente'
        and brussel_lid.groep_niveau = 'gewest'
left join referentie as brussel_referentie
    on
        waarden.indicator_code = brussel_referentie.indicator_code
        and waarden.period = brussel_referentie.period
        and brussel_referentie.geografie_niveau = 'gewest'
        and brussel_lid.groep_code = brussel_referentie.geografie_code
left join rangorde as centrumsteden_rangorde
    on
        waarden.indicator_code = centrumsteden_rangorde.indicator_code
        and waarden.period = centrumsteden_rangorde.period
        and waarden.geografie_code = centrumsteden_rangorde.geografie_code
        and waarden.geografie_niveau = 'gemeente'
        and centrumsteden_rangorde.groep_niveau = 'centrumsteden'
left join rangorde as brussel_rangorde
    on
        waarden.indicator_code = brussel_rangorde.indicator_code
        and waarden.period = brussel_rangorde.period
        and waarden.geografie_code = brussel_rangorde.geografie_code
        and waarden.geografie_niveau = 'gemeente'
        and brussel_rangorde.groep_niveau = 'gewest'
{% endmacro %}
