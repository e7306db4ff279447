{%- set k = var('disclosure_k') -%}
-- Service requests created per geography (statistical sector, municipality, centrumsteden, region) x
-- category x period (month; a year only when covered completely), with disclosure control: service
-- requests are the organisation's own data, so every cell passes the small-cell rule of the macro
-- disclosure_suppression (primary: 1 to k-1 requests; secondary: every additive relation - sectors to
-- municipality, categories to all, municipalities to centrumsteden and region, months to year - keeps at
-- least two suppressed cells holding together at least k requests). A suppressed cell has no count.
with cellen as (
    select * from {{ ref('int_meldingen__aantal_cellen') }}
),

relaties as (
    {{ melding_aantal_relaties('cellen') }}
),

teller as (
    select
        cel_id,
        melding_count as n
    from cellen
),

{{ disclosure_suppression('teller', 'relaties', k) }}

select
    cellen.cel_id as melding_aantal_id,
    cellen.geografie_niveau,
    cellen.geografie_code,
    cellen.gemeente_nis_code,
    cellen.gemeente_key,
    cellen.categorie_code,
    cellen.period_type,
    cellen.period,
    cellen.period_start,
    cellen.period_end,
    cellen.dekking_start,
    cellen.dekking_einde,
    cellen.is_volledig,
    cast(case when not resultaat.is_onderdrukt then cellen.melding_count end as {{ dbt.type_bigint() }})
        as melding_count,
    case when resultaat.is_onderdrukt then 'onderdrukt' else 'gepubliceerd' end as status,
    case
        when resultaat.is_primair then 'kleine_cel'
        when resultaat.is_onderdrukt then 'secundair'
    end as status_reden
from cellen
inner join onthulling_resultaat as resultaat
    on cellen.cel_id = resultaat.cel_id
