-- The plan's goal tree: one row per element (beleidsdoelstelling, actieplan, actie) with the path to its
-- beleidsdoelstelling, so an actie can be reported under its actieplan and beleidsdoelstelling directly.
-- The BBC tree has three levels, so two self-joins find every ancestor.
with rijen as (
    select * from {{ ref('stg_planningstool__doelstellingen') }}
),

elementen as (
    select distinct
        gemeente_nis_code,
        plan_code,
        export_date,
        doelstelling_code,
        doelstelling_niveau,
        doelstelling_titel,
        parent_doelstelling_code,
        beleidsveld_code,
        verantwoordelijke_dienst,
        is_prioritair
    from rijen
)

select
    element.gemeente_nis_code,
    element.plan_code,
    element.export_date,
    element.doelstelling_code,
    element.doelstelling_niveau,
    element.doelstelling_titel,
    element.parent_doelstelling_code,
    element.beleidsveld_code,
    element.verantwoordelijke_dienst,
    element.is_prioritair,
    case
        when element.doelstelling_niveau = 'beleidsdoelstelling' then element.doelstelling_code
        when ouder.doelstelling_niveau = 'beleidsdoelstelling' then ouder.doelstelling_code
        else grootouder.doelstelling_code
    end as beleidsdoelstelling_code,
    case
        when element.doelstelling_niveau = 'beleidsdoelstelling' then element.doelstelling_titel
        when ouder.doelstelling_niveau = 'beleidsdoelstelling' then ouder.doelstelling_titel
        else grootouder.doelstelling_titel
    end as beleidsdoelstelling_titel,
    case
        when element.doelstelling_niveau = 'actieplan' then element.doelstelling_code
        when ouder.doelstelling_niveau = 'actieplan' then ouder.doelstelling_code
    end as actieplan_code,
    case
        when element.doelstelling_niveau = 'actieplan' then element.doelstelling_titel
        when ouder.doelstelling_niveau = 'actieplan' then ouder.doelstelling_titel
    end as actieplan_titel
from elementen as element
left join elementen as ouder
    on
        element.gemeente_nis_code = ouder.gemeente_nis_code
        and element.plan_code = ouder.plan_code
        and element.parent_doelstelling_code = ouder.doelstelling_code
left join elementen as grootouder
    on
        ouder.gemeente_nis_code = grootouder.gemeente_nis_code
        and ouder.plan_code = grootouder.plan_code
        and ouder.parent_doelstelling_code = grootouder.doelstelling_code
