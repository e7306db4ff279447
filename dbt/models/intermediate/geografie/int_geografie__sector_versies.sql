{{ config(materialized="table") }}

-- Materialised as a table: the sector dimension and every sector fact read it.
-- Sector versions: each window of the sector -> municipality lookup, cut where the municipality's own
-- version changes (a new arrondissement or province), with the hierarchy valid during that piece and
-- the municipality the sector belongs to today. So a Kortessem sector (73040...) lies in arrondissement
-- Tongeren until 2024 and in Hasselt 71072, arrondissement Hasselt, from 2025.
with sector_gemeente as (
    select * from {{ ref('int_geografie__sector_gemeente') }}
),

gemeente_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

-- A left join, so a sector whose municipality is missing from REFNIS keeps its row and fails the
-- not_null test on gemeente_key instead of silently disappearing.
versies as (
    select
        sector_gemeente.sector_code,
        sector_gemeente.sector_name_nl,
        sector_gemeente.sector_name_fr,
        sector_gemeente.is_onbekende_sector,
        sector_gemeente.gemeente_nis_code,
        gemeente_versies.gemeente_key,
        gemeente_versies.gemeente_name_nl,
        gemeente_versies.arrondissement_nis_code,
        gemeente_versies.arrondissement_name_nl,
        gemeente_versies.provincie_nis_code,
        gemeente_versies.provincie_name_nl,
        gemeente_versies.gewest_nis_code,
        gemeente_versies.gewest_name_nl,
        case
            when gemeente_versies.valid_from > sector_gemeente.valid_from then gemeente_versies.valid_from
            else sector_gemeente.valid_from
        end as valid_from,
        case
            when gemeente_versies.valid_to < sector_gemeente.valid_to then gemeente_versies.valid_to
            else sector_gemeente.valid_to
        end as valid_to
    from sector_gemeente
    left join gemeente_versies
        on
            sector_gemeente.gemeente_nis_code = gemeente_versies.gemeente_nis_code
            and sector_gemeente.valid_from <= gemeente_versies.valid_to
            and sector_gemeente.valid_to >= gemeente_versies.valid_from
)

select
    {{ surrogate_key(['versies.sector_code', 'versies.valid_from']) }} as sector_key,
    versies.sector_code,
    versies.sector_name_nl,
    versies.sector_name_fr,
    versies.is_onbekende_sector,
    versies.gemeente_key,
    versies.gemeente_nis_code,
    versies.gemeente_name_nl,
    versies.arrondissement_nis_code,
    versies.arrondissement_name_nl,
    versies.provincie_nis_code,
    versies.provincie_name_nl,
    versies.gewest_nis_code,
    versies.gewest_name_nl,
    huidige_gemeente.huidige_gemeente_nis_code,
    versies.valid_from,
    versies.valid_to
from versies
left join huidige_gemeente
    on versies.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
