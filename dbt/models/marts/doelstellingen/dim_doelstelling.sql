-- The multi-year plan's goal tree: one row per element (beleidsdoelstelling, actieplan, actie) of a
-- municipality's plan, with the codes and titles of the actieplan and beleidsdoelstelling it belongs to.
with boom as (
    select * from {{ ref('int_doelstellingen__boom') }}
)

select
    {{ surrogate_key(['gemeente_nis_code', 'plan_code', 'doelstelling_code']) }} as doelstelling_key,
    gemeente_nis_code,
    plan_code,
    doelstelling_code,
    doelstelling_niveau,
    doelstelling_titel,
    parent_doelstelling_code,
    beleidsdoelstelling_code,
    beleidsdoelstelling_titel,
    actieplan_code,
    actieplan_titel,
    beleidsveld_code,
    verantwoordelijke_dienst,
    is_prioritair,
    export_date
from boom
