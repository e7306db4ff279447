{{ config(materialized="table") }}

-- Materialised as a table: the goal-tree fact and the goal-attainment indicator both read it.
-- Every indicator of the plan per year: its target, the actual value the planning tool holds and, when the
-- indicator is one the warehouse measures (indicatorcode in the catalogue), the warehouse's own value for
-- the same municipality and year. The warehouse's value wins; the tool's fills the years the warehouse does
-- not cover. Whether the target was met depends on the wanted direction (stijgen: at least the target,
-- dalen: at most the target); without a target or an actual value it is unknown.
-- A target is judged only on a complete period: a warehouse value for a year its data do not cover
-- completely (service requests from 10 March) is not an actual value for that year. Nor is a value the
-- open copy suppresses: one resting on fewer than k requests (var disclosure_k), or on a request count
-- that disclosure control suppresses to protect another cell (int_meldingen__aantal_beschermd, linked as
-- in fct_indicator_waarde: all categories for the service-level share, the category for a median).
-- The planning tool's own actual value is the city's figure too: when it counts persons (its unit is one of
-- var disclosure_plan_eenheden_personen) and holds 1 to k-1 of them, it is suppressed like a small cell
-- (realisatie_status onderdrukt) and judges no target. A count of things (hotspots, places) stays visible;
-- a plan's counts add up to no published total, so no secondary suppression is needed.
with plan as (
    select
        *,
        coalesce(
            lower(unit) in (
                {%- for eenheid in var('disclosure_plan_eenheden_personen') %}
                    '{{ eenheid }}'{% if not loop.last %},{% endif %}
                {%- endfor %}
            )
            and realisatie_planningstool > 0
            and realisatie_planningstool < {{ var('disclosure_k') }},
            false
        ) as is_planningstool_onderdrukt
    from {{ ref('stg_planningstool__doelstellingen') }}
    where indicator_name_nl is not null and jaar is not null
),

financien as (
    select * from {{ ref('int_financien__indicatoren') }}
),

meldingen_dekking as (
    select
        min(created_date) as dekking_start,
        cast(max(updated_at_utc) as date) as dekking_einde
    from {{ ref('int_meldingen__doorlooptijd') }}
),

beschermde_jaren as (
    select
        geografie_code,
        categorie_code,
        period,
        is_onderdrukt
    from {{ ref('int_meldingen__aantal_beschermd') }}
    where geografie_niveau = 'gemeente' and period_type = 'jaar'
),

meldingen as (
    select indicatoren.*
    from {{ ref('int_meldingen__indicatoren') }} as indicatoren
    cross join meldingen_dekking
    inner join beschermde_jaren
        on
            indicatoren.geografie_code = beschermde_jaren.geografie_code
            and indicatoren.period = beschermde_jaren.period
            and {{ rust_op_melding_cel('indicatoren.indicator_code', 'beschermde_jaren.categorie_code') }}
    where
        not beschermde_jaren.is_onderdrukt
        and {{ dbt.length('indicatoren.period') }} = 4
        and meldingen_dekking.dekking_start
        <= cast({{ dbt.concat(['indicatoren.period', "'-01-01'"]) }} as date)
        and meldingen_dekking.dekking_einde
        >= cast({{ dbt.concat(['indicatoren.period', "'-12-31'"]) }} as date)
        and indicatoren.melding_count >= {{ var('disclosure_k') }}
),

warehouse as (
    {%- for domein in ['financien', 'meldingen'] %}
        select
            indicator_code,
            geografie_niveau,
            geografie_code,
            period,
            value,
            status
        from {{ domein }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

gekoppeld as (
    select
        plan.gemeente_nis_code,
        plan.plan_code,
        plan.doelstelling_code,
        plan.indicator_name_nl,
        plan.indicator_code,
        plan.unit,
        plan.gewenste_evolutie,
        plan.jaar,
        plan.streefwaarde,
        -- Cast: on PostgreSQL a case without else loses the decimal's precision and scale.
        cast(
            case when not plan.is_planningstool_onderdrukt then plan.realisatie_planningstool end
            as decimal(18, 2)
        ) as realisatie_planningstool,
        plan.is_planningstool_onderdrukt,
        warehouse.value as realisatie_warehouse,
        warehouse.status as warehouse_status
    from plan
    left join warehouse
        on
            plan.indicator_code = warehouse.indicator_code
            and warehouse.geografie_niveau = 'gemeente'
            and plan.gemeente_nis_code = warehouse.geografie_code
            and cast(plan.jaar as {{ dbt.type_string() }}) = warehouse.period
),

gekozen as (
    select
        *,
        coalesce(realisatie_warehouse, realisatie_planningstool) as realisatie,
        case
            when realisatie_warehouse is not null then 'warehouse'
            when realisatie_planningstool is not null or is_planningstool_onderdrukt then 'planningstool'
        end as realisatie_bron
    from gekoppeld
)

select
    gemeente_nis_code,
    plan_code,
    doelstelling_code,
    indicator_name_nl,
    indicator_code,
    unit,
    gewenste_evolutie,
    jaar,
    streefwaarde,
    realisatie_planningstool,
    realisatie_warehouse,
    realisatie,
    realisatie_bron,
    case
        when realisatie_bron = 'warehouse' then warehouse_status
        when is_planningstool_onderdrukt then 'onderdrukt'
    end as realisatie_status,
    case
        when streefwaarde is null or realisatie is null then null
        when gewenste_evolutie = 'dalen' then realisatie <= streefwaarde
        else realisatie >= streefwaarde
    end as is_streefwaarde_gehaald
from gekozen
