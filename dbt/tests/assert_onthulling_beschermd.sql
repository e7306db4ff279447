{{ config(meta={'dagster': {'ref': {'name': 'fct_melding_aantal'}}}) }}
-- Disclosure control, blocking: in the published request counts no cell holds 1 to k-1 requests, and in
-- every additive relation whose parent is published the suppressed children are none, or at least
-- var('disclosure_min_onderdrukt') (3) holding together at least k requests (so the parent minus the
-- published children recovers no cell and does not show that the hidden ones are small; three, so that
-- no two suppressed cells are tied to each other). Returns every offending relation or cell.
{%- set k = var('disclosure_k') %}
{%- set minimum = var('disclosure_min_onderdrukt') %}
with gepubliceerd as (
    select * from {{ ref('fct_melding_aantal') }}
),

cellen as (
    select * from {{ ref('int_meldingen__aantal_cellen') }}
),

relaties as (
    {{ melding_aantal_relaties('cellen') }}
),

groepen as (
    select
        relaties.relatie_id,
        max(case when relaties.is_parent and gepubliceerd.status = 'onderdrukt' then 1 else 0 end)
            as parent_onderdrukt,
        sum(case when not relaties.is_parent and gepubliceerd.status = 'onderdrukt' then 1 else 0 end)
            as aantal_onderdrukt,
        sum(
            case when not relaties.is_parent and gepubliceerd.status = 'onderdrukt' then cellen.melding_count else 0 end
        ) as massa_onderdrukt
    from relaties
    inner join gepubliceerd
        on relaties.cel_id = gepubliceerd.melding_aantal_id
    inner join cellen
        on relaties.cel_id = cellen.cel_id
    group by relaties.relatie_id
)

select
    relatie_id as probleem,
    aantal_onderdrukt,
    massa_onderdrukt
from groepen
where
    parent_onderdrukt = 0
    and aantal_onderdrukt > 0
    and (aantal_onderdrukt < {{ minimum }} or massa_onderdrukt < {{ k }})
union all
select
    melding_aantal_id as probleem,
    1 as aantal_onderdrukt,
    melding_count as massa_onderdrukt
from gepubliceerd
where melding_count > 0 and melding_count < {{ k }}
