-- The beleid and management indicators in the indicator contract (_indicatoren__models.yml), so that
-- fct_indicator_waarde unions them with the omgeving indicators and applies one set of rules to all:
-- * fin_expl_uitg_inw_d0 ... d9: operating expenditure per inhabitant per beleidsdomein (annual accounts);
-- * meld_sla_aandeel: share of service requests closed within their target;
-- * meld_med_doorlooptijd_<categorie>: median lead time per category;
-- * doel_streefwaarde_gehaald_aandeel: share of the multi-year plan's indicators that met their target.
-- The domain models keep their own rounded `value` for the goal tree; here only the parts travel on:
-- a ratio as numerator and denominator (so the centrumsteden can be added up), a median as direct_value
-- (a median of medians means nothing, so it gets no centrumsteden aggregate).
{#- Per domain model: how its columns map onto the contract. Finances and goals are not about persons (no
    disclosure count); service requests come from persons, so the number of requests behind a value is its
    disclosure count, and a median (no numerator) travels as direct_value. -#}
{%- set domeinen = [
    {
        'model': 'int_financien__indicatoren',
        'multiplier': '1',
        'eenheden_count': 'null',
        'direct_value': 'null',
    },
    {
        'model': 'int_meldingen__indicatoren',
        'multiplier': 'case when numerator is null then 1 else 100 end',
        'eenheden_count': 'melding_count',
        'direct_value': 'case when numerator is null then value end',
    },
    {
        'model': 'int_doelstellingen__doelbereik',
        'multiplier': '100',
        'eenheden_count': 'null',
        'direct_value': 'null',
    },
] -%}

{%- for domein in domeinen %}
    select
        indicator_code,
        geografie_niveau,
        geografie_code,
        geografie_code as gemeente_nis_code,
        period,
        cast(numerator as {{ dbt.type_numeric() }}) as numerator,
        cast(denominator as {{ dbt.type_numeric() }}) as denominator,
        cast({{ domein.multiplier }} as {{ dbt.type_numeric() }}) as multiplier,
        cast({{ domein.eenheden_count }} as {{ dbt.type_int() }}) as eenheden_count,
        false as is_bron_onderdrukt,
        cast({{ domein.direct_value }} as {{ dbt.type_numeric() }}) as direct_value,
        status = 'voorlopig' as is_voorlopig
    from {{ ref(domein.model) }}
    {% if not loop.last %}union all{% endif %}
{%- endfor %}
