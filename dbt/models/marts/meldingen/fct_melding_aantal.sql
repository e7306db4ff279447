-- Service requests created per geography (statistical sector, municipality, centrumsteden, region) x
-- category x period (month; a quarter or a year only when covered completely), as published: a cell
-- suppressed by disclosure control (int_meldingen__aantal_beschermd) has no count, and says why.
with beschermd as (
    select * from {{ ref('int_meldingen__aantal_beschermd') }}
)

select
    cel_id as melding_aantal_id,
    geografie_niveau,
    geografie_code,
    gemeente_nis_code,
    gemeente_key,
    categorie_code,
    period_type,
    period,
    period_start,
    period_end,
    dekking_start,
    dekking_einde,
    is_volledig,
    cast(case when not is_onderdrukt then melding_count end as {{ dbt.type_bigint() }}) as melding_count,
    case when is_onderdrukt then 'onderdrukt' else 'gepubliceerd' end as status,
    case
        when is_primair then 'kleine_cel'
        when is_onderdrukt then 'secundair'
    end as status_reden
from beschermd
