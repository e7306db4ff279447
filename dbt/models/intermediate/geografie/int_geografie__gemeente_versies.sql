{{ config(materialized="table") }}

-- Materialised as a table: three models read it and it cuts SCD2 windows.
-- Every municipality version with its arrondissement, province and region as they were during that
-- version. REFNIS keeps a validity window per row at every level, so a municipality version is cut
-- wherever one of its parents changes (a new arrondissement, a province split): each piece is valid
-- over the overlap of the windows involved. A municipality that keeps its code but gains territory in a
-- merger (Antwerpen 11002 absorbing Borsbeek on 1 January 2025, seed ref_gemeente_fusies) gets a new
-- version on the merger date too: REFNIS does not record that change, the merger list does.
with refnis as (
    select * from {{ ref('stg_statbel__refnis') }}
),

gemeenten as (
    select * from refnis
    where refnis_level = 4
),

arrondissementen as (
    select * from refnis
    where refnis_level = 3
),

provincies as (
    select * from refnis
    where refnis_level = 2
),

gewesten as (
    select * from refnis
    where refnis_level = 1
),

gemeente_arrondissement as (
    select
        gemeenten.refnis_code as gemeente_nis_code,
        gemeenten.refnis_name_nl as gemeente_name_nl,
        gemeenten.refnis_name_fr as gemeente_name_fr,
        gemeenten.refnis_name_de as gemeente_name_de,
        arrondissementen.refnis_code as arrondissement_nis_code,
        arrondissementen.refnis_name_nl as arrondissement_name_nl,
        arrondissementen.parent_refnis_code as arrondissement_parent_code,
        greatest(gemeenten.valid_from, arrondissementen.valid_from) as valid_from,
        least(gemeenten.valid_to, arrondissementen.valid_to) as valid_to
    from gemeenten
    inner join arrondissementen
        on
            gemeenten.parent_refnis_code = arrondissementen.refnis_code
            and gemeenten.valid_to >= arrondissementen.valid_from
            and gemeenten.valid_from <= arrondissementen.valid_to
),

-- Brussels' arrondissement hangs directly under its region; Flemish and Walloon ones under a province.
with_provincie as (
    select
        gemeente_arrondissement.gemeente_nis_code,
        gemeente_arrondissement.gemeente_name_nl,
        gemeente_arrondissement.gemeente_name_fr,
        gemeente_arrondissement.gemeente_name_de,
        gemeente_arrondissement.arrondissement_nis_code,
        gemeente_arrondissement.arrondissement_name_nl,
        provincies.refnis_code as provincie_nis_code,
        provincies.refnis_name_nl as provincie_name_nl,
        case
            when provincies.refnis_code is not null then provincies.parent_refnis_code
            else gemeente_arrondissement.arrondissement_parent_code
        end as gewest_nis_code,
        greatest(
            gemeente_arrondissement.valid_from,
            coalesce(provincies.valid_from, gemeente_arrondissement.valid_from)
        ) as valid_from,
        least(
            gemeente_arrondissement.valid_to,
            coalesce(provincies.valid_to, gemeente_arrondissement.valid_to)
        ) as valid_to
    from gemeente_arrondissement
    left join provincies
        on
            gemeente_arrondissement.arrondissement_parent_code = provincies.refnis_code
            and gemeente_arrondissement.valid_to >= provincies.valid_from
            and gemeente_arrondissement.valid_from <= provincies.valid_to
),

with_gewest as (
    select
        with_provincie.gemeente_nis_code,
        with_provincie.gemeente_name_nl,
        with_provincie.gemeente_name_fr,
        with_provincie.gemeente_name_de,
        with_provincie.arrondissement_nis_code,
        with_provincie.arrondissement_name_nl,
        with_provincie.provincie_nis_code,
        with_provincie.provincie_name_nl,
        gewesten.refnis_code as gewest_nis_code,
        gewesten.refnis_name_nl as gewest_name_nl,
        with_provincie.valid_from,
        with_provincie.valid_to
    from with_provincie
    left join gewesten
        on with_provincie.gewest_nis_code = gewesten.refnis_code
),

-- Codes that survive a merger with more territory, and the date they grow.
territorium_wijzigingen as (
    select distinct
        new_gemeente_nis_code as gemeente_nis_code,
        fusie_date
    from {{ ref('ref_gemeente_fusies') }}
    where old_gemeente_nis_code <> new_gemeente_nis_code
),

-- Every day a version may start: the start of each piece and each merger date inside a piece.
grenzen as (
    select
        with_gewest.gemeente_nis_code,
        with_gewest.valid_from,
        with_gewest.valid_from as grens
    from with_gewest
    union
    select
        with_gewest.gemeente_nis_code,
        with_gewest.valid_from,
        territorium_wijzigingen.fusie_date as grens
    from with_gewest
    inner join territorium_wijzigingen
        on
            with_gewest.gemeente_nis_code = territorium_wijzigingen.gemeente_nis_code
            and with_gewest.valid_from < territorium_wijzigingen.fusie_date
            and with_gewest.valid_to >= territorium_wijzigingen.fusie_date
),

volgende_grens as (
    select
        gemeente_nis_code,
        valid_from,
        grens,
        lead(grens) over (partition by gemeente_nis_code, valid_from order by grens) as volgende
    from grenzen
),

gesplitst as (
    select
        with_gewest.gemeente_nis_code,
        with_gewest.gemeente_name_nl,
        with_gewest.gemeente_name_fr,
        with_gewest.gemeente_name_de,
        with_gewest.arrondissement_nis_code,
        with_gewest.arrondissement_name_nl,
        with_gewest.provincie_nis_code,
        with_gewest.provincie_name_nl,
        with_gewest.gewest_nis_code,
        with_gewest.gewest_name_nl,
        volgende_grens.grens as valid_from,
        case
            when volgende_grens.volgende is null then with_gewest.valid_to
            else cast({{ dbt.dateadd('day', -1, 'volgende_grens.volgende') }} as date)
        end as valid_to
    from with_gewest
    inner join volgende_grens
        on
            with_gewest.gemeente_nis_code = volgende_grens.gemeente_nis_code
            and with_gewest.valid_from = volgende_grens.valid_from
)

select
    {{ surrogate_key(['gemeente_nis_code', 'valid_from']) }} as gemeente_key,
    gemeente_nis_code,
    gemeente_name_nl,
    gemeente_name_fr,
    gemeente_name_de,
    arrondissement_nis_code,
    arrondissement_name_nl,
    provincie_nis_code,
    provincie_name_nl,
    gewest_nis_code,
    gewest_name_nl,
    valid_from,
    valid_to
from gesplitst
