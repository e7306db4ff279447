{{
    config(
        materialized='incremental',
        unique_key='melding_id',
        incremental_strategy='merge',
        on_schema_change='append_new_columns',
        file_format=('delta' if target.type == 'spark' else none),
    )
}}

-- A table, not a view: fct_melding, the counts per cell, the indicators and five tests all read it, and
-- as a view each of them recomputed the newest version of a million requests with their lead times and
-- deadlines (whole country: about 12 s each; as a table the whole set computes once).
-- Every request in its current state with its category code and service-level target (seed
-- ref_melding_categorieen), its municipality on today's boundaries (the municipality Statbel's sector
-- files place the sector in on the request's date, then mapped over mergers; never the sector code's
-- prefix) and its lead time: seconds from creation to closing in UTC, so the change to summer time does
-- not add or remove an hour (nor the repeated hour at its end). Both moments are kept twice: the
-- Europe/Brussels wall clock (_at, for days and hours of the day) and UTC (_at_utc, for durations). A
-- request that is still open has no lead time and no SLA outcome yet.
-- The service norm is in working days (ref_melding_categorieen.sla_target_werkdagen): the deadline is the
-- end of the Nth working day after the local day of creation (int_kalender__werkdagen: no weekends, Belgian
-- public holidays or the city's closing days), and a request is on time when it is closed (local day) by
-- then. A request from Friday evening with a norm of two working days is on time until Tuesday evening.
-- Incremental: a run recomputes the requests whose newest record was loaded since the previous run, and
-- all of them when a reference list it uses has changed (the categories and their norms, the calendar,
-- the sector lookup or the merger mapping: _referentie_versie, one md5 over their content). _berekend_at
-- tells fct_melding which rows were recomputed.
with referentie_versie as (
    select
        {{ dbt.hash(dbt.concat([
            content_version(ref('ref_melding_categorieen'),
                ['categorie_name_nl', 'categorie_code', 'sla_target_hours', 'sla_target_werkdagen']),
            content_version(ref('int_kalender__werkdagen'), ['kalender_date', 'is_werkdag', 'werkdag_volgnummer']),
            content_version(ref('int_geografie__sector_gemeente'),
                ['sector_code', 'valid_from', 'valid_to', 'gemeente_nis_code']),
            content_version(ref('int_geografie__huidige_gemeente'), ['gemeente_nis_code', 'huidige_gemeente_nis_code']),
        ])) }} as referentie_versie
),

{#- A table built before _referentie_versie existed gets the new columns (append_new_columns) and every
    request recomputed once: an upgrade needs no manual full refresh. -#}
{%- set vorige_kolommen = [] -%}
{%- if is_incremental() and this is string -%}
    {#- A dbt unit test: `this` is its fixture, which has the columns it names. -#}
    {%- set vorige_kolommen = ['_referentie_versie'] -%}
{%- elif is_incremental() -%}
    {%- set vorige_kolommen = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
{%- endif %}

laatste_versie as (
    select * from {{ ref('int_meldingen__laatste_versie') }}
    {% if is_incremental() and '_referentie_versie' in vorige_kolommen %}
        where
            _last_loaded_at > (select max(vorige_run._last_loaded_at) from {{ this }} as vorige_run)
            or (select max(vorige_run._referentie_versie) from {{ this }} as vorige_run)
            <> (select referentie_versie.referentie_versie from referentie_versie)
    {% endif %}
),

categorieen as (
    select * from {{ ref('ref_melding_categorieen') }}
),

sectoren as (
    select * from {{ ref('int_geografie__sector_gemeente') }}
),

huidige_gemeenten as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

kalender as (
    select * from {{ ref('int_kalender__werkdagen') }}
),

met_doorlooptijd as (
    select
        laatste_versie.melding_id,
        categorieen.categorie_code,
        laatste_versie.kanaal_name_nl,
        laatste_versie.status_name_nl,
        laatste_versie.statistische_sector_code,
        huidige_gemeenten.huidige_gemeente_nis_code as gemeente_nis_code,
        laatste_versie.created_at,
        laatste_versie.created_at_utc,
        laatste_versie.closed_at,
        laatste_versie.closed_at_utc,
        laatste_versie.updated_at_utc,
        {{ dbt.datediff('laatste_versie.created_at_utc', 'laatste_versie.closed_at_utc', 'second') }}
            as doorlooptijd_seconds,
        categorieen.sla_target_hours,
        categorieen.sla_target_werkdagen,
        laatste_versie.versie_count,
        laatste_versie._last_loaded_at
    from laatste_versie
    left join categorieen
        on laatste_versie.categorie_name_nl = categorieen.categorie_name_nl
    left join sectoren
        on
            laatste_versie.statistische_sector_code = sectoren.sector_code
            and cast(laatste_versie.created_at as date) between sectoren.valid_from and sectoren.valid_to
    left join huidige_gemeenten
        on sectoren.gemeente_nis_code = huidige_gemeenten.gemeente_nis_code
),

met_termijn as (
    select
        met_doorlooptijd.*,
        termijn.kalender_date as sla_deadline_date
    from met_doorlooptijd
    left join kalender as aanmaakdag
        on cast(met_doorlooptijd.created_at as date) = aanmaakdag.kalender_date
    left join kalender as termijn
        on
            aanmaakdag.werkdag_volgnummer + met_doorlooptijd.sla_target_werkdagen = termijn.werkdag_volgnummer
            and termijn.is_werkdag
)

select
    melding_id,
    categorie_code,
    kanaal_name_nl,
    status_name_nl,
    statistische_sector_code,
    gemeente_nis_code,
    created_at,
    created_at_utc,
    cast(created_at as date) as created_date,
    closed_at,
    closed_at_utc,
    cast(closed_at as date) as closed_date,
    closed_at is not null as is_closed,
    doorlooptijd_seconds,
    sla_target_hours,
    sla_target_werkdagen,
    sla_deadline_date,
    case when closed_at is not null then cast(closed_at as date) <= sla_deadline_date end as is_within_sla,
    updated_at_utc,
    versie_count,
    _last_loaded_at,
    (select referentie_versie.referentie_versie from referentie_versie) as _referentie_versie,
    {{ dbt.current_timestamp() }} as _berekend_at
from met_termijn
