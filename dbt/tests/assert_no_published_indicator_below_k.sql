{{ config(meta={'dagster': {'ref': {'name': 'fct_indicator_waarde'}}}) }}
-- Disclosure control, blocking: no published indicator value from the organisation's own data
-- (bron_openbaarheid eigen: service requests, the plan) rests on fewer than k units (var disclosure_k),
-- every published sector value says how many it rests on, and a suppressed value gives nothing away
-- (value, numerator, denominator and eenheden_count all NULL). Figures from public sources (Statbel,
-- ABB) are republished as they are.
-- Returns every offending row; one row stops the publication.
select
    indicator_code,
    geografie_niveau,
    geografie_code,
    period,
    status,
    eenheden_count
from {{ ref('fct_indicator_waarde') }}
where
    (status = 'gepubliceerd' and bron_openbaarheid = 'eigen' and eenheden_count < {{ var('disclosure_k') }})
    or (status = 'gepubliceerd' and geografie_niveau = 'sector' and eenheden_count is null)
    or (status = 'gepubliceerd' and value is null)
    or (
        status <> 'gepubliceerd'
        and (value is not null or numerator is not null or denominator is not null or eenheden_count is not null)
    )
