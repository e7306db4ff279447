-- Targets against actual values: one row per element of the plan's goal tree, indicator and year, with
-- the target, the actual value (the warehouse's own figure where the warehouse measures the indicator,
-- else the planning tool's) and whether the target was met.
with indicator_jaren as (
    select * from {{ ref('int_doelstellingen__indicator_jaren') }}
),

doelstellingen as (
    select * from {{ ref('dim_doelstelling') }}
),

huidige_gemeenten as (
    select * from {{ ref('dim_gemeente') }}
    where is_current
)

select
    {{ surrogate_key([
        'indicator_jaren.gemeente_nis_code', 'indicator_jaren.plan_code', 'indicator_jaren.doelstelling_code',
        'indicator_jaren.indicator_name_nl', 'indicator_jaren.jaar'
    ]) }} as doelstelling_indicator_id,
    doelstellingen.doelstelling_key,
    huidige_gemeenten.gemeente_key,
    indicator_jaren.gemeente_nis_code,
    indicator_jaren.plan_code,
    indicator_jaren.doelstelling_code,
    indicator_jaren.indicator_name_nl,
    indicator_jaren.indicator_code,
    indicator_jaren.unit,
    indicator_jaren.gewenste_evolutie,
    indicator_jaren.jaar,
    indicator_jaren.streefwaarde,
    indicator_jaren.realisatie,
    indicator_jaren.realisatie_bron,
    indicator_jaren.realisatie_status,
    indicator_jaren.realisatie_planningstool,
    indicator_jaren.realisatie_warehouse,
    indicator_jaren.is_streefwaarde_gehaald
from indicator_jaren
left join doelstellingen
    on
        indicator_jaren.gemeente_nis_code = doelstellingen.gemeente_nis_code
        and indicator_jaren.plan_code = doelstellingen.plan_code
        and indicator_jaren.doelstelling_code = doelstellingen.doelstelling_code
left join huidige_gemeenten
    on indicator_jaren.gemeente_nis_code = huidige_gemeenten.gemeente_nis_code
