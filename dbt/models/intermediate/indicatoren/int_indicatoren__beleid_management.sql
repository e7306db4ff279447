{{ config(materialized="table") }}

-- The beleid and management indicators in the long form of the indicator mart (fct_indicator_waarde):
-- one row per indicator, geography, period. Catalogue: seed ref_indicatoren_beleid_management.
-- * FIN_EXPL_UITG_INW_D0 ... D9: operating expenditure per inhabitant per beleidsdomein (annual accounts);
-- * MELD_SLA_AANDEEL: share of service requests closed within their target;
-- * MELD_MED_DOORLOOPTIJD_<CATEGORIE>: median lead time per category;
-- * DOEL_STREEFWAARDE_GEHAALD_AANDEEL: share of the multi-year plan's indicators that met their target.
with financien as (
    select * from {{ ref('int_financien__indicatoren') }}
),

meldingen as (
    select * from {{ ref('int_meldingen__indicatoren') }}
),

doelbereik as (
    select * from {{ ref('int_doelstellingen__doelbereik') }}
),

alle as (
    select * from financien
    union all
    select * from meldingen
    union all
    select * from doelbereik
)

select
    indicator_code,
    geografie_niveau,
    geografie_code,
    period,
    value,
    numerator,
    denominator,
    unit,
    status
from alle
