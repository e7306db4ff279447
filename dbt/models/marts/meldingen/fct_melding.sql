{{
    config(
        materialized='incremental',
        unique_key='melding_id',
        incremental_strategy='merge',
        on_schema_change='fail',
        file_format=('delta' if target.type == 'spark' else none),
    )
}}

-- Service requests as an accumulating snapshot: one row per request, updated when a new extract changes
-- it (status, category, closing), with the lead time and whether the category's service-level target was
-- met. Every moment is published twice: created_at and closed_at are the Europe/Brussels wall clock (the
-- local day and hour a report groups by), created_at_utc and closed_at_utc the same moments in UTC; the
-- lead time is closed_at_utc - created_at_utc, so it stays right across the change to and from summer
-- time (a wall-clock difference would be an hour off, and the repeated hour in October is ambiguous).
-- Incremental: a run only takes the requests int_meldingen__doorlooptijd recomputed since this table was
-- last built (a record in a new delivery, or every request after a change of a reference list), and merges
-- them on melding_id, so a new day's file does not rebuild history. Each row depends only on its own
-- records and the reference lists, so the result equals a full rebuild (tests/test_beleid_meldingen.py
-- feeds one more day and compares).
-- The merge strategy runs on DuckDB (1.4+), PostgreSQL (15+, dbt-postgres 1.9+) and Spark (Delta tables).
-- Rounding happens on decimals (round_decimal): PostgreSQL has no round(double precision, integer), and
-- DuckDB's double-precision division would round 4.515 hours down.
with meldingen as (
    select * from {{ ref('int_meldingen__doorlooptijd') }}
    {% if is_incremental() %}
        where _berekend_at > (select max(vorige_run._built_at) from {{ this }} as vorige_run)
    {% endif %}
),

huidige_gemeenten as (
    select * from {{ ref('dim_gemeente') }}
    where is_current
)

select
    meldingen.melding_id,
    meldingen.categorie_code,
    meldingen.kanaal_name_nl,
    meldingen.status_name_nl,
    meldingen.statistische_sector_code,
    huidige_gemeenten.gemeente_key,
    meldingen.gemeente_nis_code,
    meldingen.created_at,
    meldingen.created_at_utc,
    meldingen.created_date,
    meldingen.closed_at,
    meldingen.closed_at_utc,
    meldingen.closed_date,
    meldingen.is_closed,
    cast({{ round_decimal('cast(meldingen.doorlooptijd_seconds as decimal(18, 2)) / 3600', 2) }} as decimal(10, 2))
        as doorlooptijd_hours,
    meldingen.sla_target_hours,
    meldingen.is_within_sla,
    1 as melding_count,
    meldingen.versie_count,
    meldingen._last_loaded_at,
    {{ dbt.current_timestamp() }} as _built_at
from meldingen
left join huidige_gemeenten
    on meldingen.gemeente_nis_code = huidige_gemeenten.gemeente_nis_code
