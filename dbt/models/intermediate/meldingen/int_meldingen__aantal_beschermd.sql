{{
    config(
        materialized='incremental',
        unique_key='jaar',
        incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
        partition_by=(['jaar'] if target.type == 'spark' else none),
        file_format=('delta' if target.type == 'spark' else none),
        on_schema_change='fail',
    )
}}

{%- set k = var('disclosure_k') %}
{%- set regel = 'k=' ~ k ~ ';min=' ~ var('disclosure_min_onderdrukt') %}
-- The frequency table of service requests after disclosure control: every cell of
-- int_meldingen__aantal_cellen with whether it is suppressed, and why. Service requests are the
-- organisation's own data, so every cell passes the small-cell rule of the macro disclosure_suppression
-- (primary: 1 to k-1 requests; secondary: in every additive relation - sectors to municipality, categories
-- to all, municipalities to centrumsteden and region, months to quarter and year, quarters to year - no
-- suppressed cell, or at least var('disclosure_min_onderdrukt') holding together at least k requests).
-- An intermediate model of its own, materialised once: the published counts (fct_melding_aantal) and every
-- figure resting on a count (the indicators, the plan's actual values) follow the same decision.
-- Incremental per creation year, as int_meldingen__aantal_cellen: no additive relation crosses a year, so
-- the decision for a year's cells depends on those cells alone. A run decides again for the years whose
-- cells were counted again since this table was built, and for every year when the rule changed (var
-- disclosure_k or disclosure_min_onderdrukt, kept in _onthullingsregel), and replaces those years.
with alle_cellen as (
    select * from {{ ref('int_meldingen__aantal_cellen') }}
),

cellen as (
    select alle_cellen.*
    from alle_cellen
    {% if is_incremental() %}
        where
            alle_cellen._berekend_at > (select max(vorige_run._berekend_at) from {{ this }} as vorige_run)
            or (select max(vorige_run._onthullingsregel) from {{ this }} as vorige_run) <> '{{ regel }}'
            or (select count(*) from {{ this }}) = 0
    {% endif %}
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
    resultaat.is_onderdrukt,
    cellen.jaar,
    '{{ regel }}' as _onthullingsregel,
    {{ dbt.current_timestamp() }} as _berekend_at
from cellen
inner join onthulling_resultaat as resultaat
    on cellen.cel_id = resultaat.cel_id
