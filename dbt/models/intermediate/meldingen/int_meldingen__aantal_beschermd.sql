{{ config(materialized="table") }}

{%- set k = var('disclosure_k') %}
-- The frequency table of service requests after disclosure control: every cell of
-- int_meldingen__aantal_cellen with whether it is suppressed, and why. Service requests are the
-- organisation's own data, so every cell passes the small-cell rule of the macro disclosure_suppression
-- (primary: 1 to k-1 requests; secondary: in every additive relation - sectors to municipality, categories
-- to all, municipalities to centrumsteden and region, months to quarter and year, quarters to year - no
-- suppressed cell, or at least var('disclosure_min_onderdrukt') holding together at least k requests).
-- An intermediate model of its own, materialised once: the published counts (fct_melding_aantal) and every
-- figure resting on a count (the indicators, the plan's actual values) follow the same decision.
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
    cellen.cel_id,
    cellen.geografie_niveau,
    cellen.geografie_code,
    cellen.gemeente_nis_code,
    cellen.gemeente_key,
    cellen.gewest_nis_code,
    cellen.is_centrumstad,
    cellen.categorie_code,
    cellen.period_type,
    cellen.period,
    cellen.period_start,
    cellen.period_end,
    cellen.dekking_start,
    cellen.dekking_einde,
    cellen.is_volledig,
    cellen.melding_count,
    resultaat.is_primair,
    resultaat.is_onderdrukt
from cellen
inner join onthulling_resultaat as resultaat
    on cellen.cel_id = resultaat.cel_id
