-- Conformed municipality dimension, type 2: one row per municipality version (NIS code x validity
-- window), with the hierarchy valid during that window and the municipality it belongs to today. A new
-- version starts where REFNIS changes the municipality or its parents, and where the municipality gains
-- territory in a merger while keeping its code (Antwerpen on 1 January 2025).
-- Centrumsteden: a version is a centrumstad when its code is one of the 13 of ref_centrumsteden, or it is
-- the predecessor that gave its name to one of them in a merger (Hasselt 71022 until 2024, before
-- Hasselt 71072): exactly 13 versions are centrumsteden on any day.
with versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

centrumsteden as (
    select * from {{ ref('ref_centrumsteden') }}
),

fusies as (
    select * from {{ ref('ref_gemeente_fusies') }}
),

-- The codes a centrumstad had: its code today and each predecessor that carried its name.
centrumstad_codes as (
    select gemeente_nis_code from centrumsteden
    union
    select fusies.old_gemeente_nis_code as gemeente_nis_code
    from fusies
    inner join centrumsteden
        on fusies.new_gemeente_nis_code = centrumsteden.gemeente_nis_code
    where fusies.old_gemeente_name_nl = fusies.new_gemeente_name_nl
),

-- Statbel disambiguates names that occur more than once in the country's history ("Aalst (Aalst)",
-- "Vorst (Brussel-Hoofdstad)"); the display name drops the part in brackets.
namen as (
    select
        gemeente_key,
        case
            when {{ dbt.position("' ('", 'gemeente_name_nl') }} > 1
                then substring(gemeente_name_nl, 1, {{ dbt.position("' ('", 'gemeente_name_nl') }} - 1)
            else gemeente_name_nl
        end as gemeente_display_name_nl
    from versies
)

select
    versies.gemeente_key,
    versies.gemeente_nis_code,
    versies.gemeente_name_nl,
    versies.gemeente_name_fr,
    versies.gemeente_name_de,
    versies.arrondissement_nis_code,
    versies.arrondissement_name_nl,
    versies.provincie_nis_code,
    versies.provincie_name_nl,
    versies.gewest_nis_code,
    versies.gewest_name_nl,
    versies.valid_from,
    versies.valid_to,
    versies.valid_to = cast('9999-12-31' as date) as is_current,
    huidige_gemeente.huidige_gemeente_nis_code,
    versies.valid_to = cast('9999-12-31' as date) and centrumstad_codes.gemeente_nis_code is not null
        as is_centrumstad_today,
    namen.gemeente_display_name_nl,
    centrumstad_codes.gemeente_nis_code is not null as is_centrumstad,
    huidige_centrumstad.gemeente_nis_code is not null as is_deel_van_centrumstad_today,
    versies.gewest_nis_code = '04000' as is_brussels_gewest
from versies
left join huidige_gemeente
    on versies.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
left join centrumstad_codes
    on versies.gemeente_nis_code = centrumstad_codes.gemeente_nis_code
left join centrumsteden as huidige_centrumstad
    on huidige_gemeente.huidige_gemeente_nis_code = huidige_centrumstad.gemeente_nis_code
left join namen
    on versies.gemeente_key = namen.gemeente_key
