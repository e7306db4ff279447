-- Conformed municipality dimension, type 2: one row per municipality version (NIS code x validity
-- window), with the hierarchy valid during that window and the municipality it belongs to today.
with versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

centrumsteden as (
    select * from {{ ref('ref_centrumsteden') }}
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
    centrumsteden.gemeente_nis_code is not null as is_centrumstad_today
from versies
left join huidige_gemeente
    on versies.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
left join centrumsteden
    on huidige_gemeente.huidige_gemeente_nis_code = centrumsteden.gemeente_nis_code
