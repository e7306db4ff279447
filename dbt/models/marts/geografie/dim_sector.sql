-- Conformed statistical-sector dimension, type 2: one row per sector version, i.e. per period in which
-- the sector lay in one version of one municipality, with that municipality version (gemeente_key ->
-- dim_gemeente), its arrondissement, province and region, and the municipality it belongs to today.
-- The municipality comes from the lookup over time (int_geografie__sector_gemeente), never from the
-- sector code's prefix.
with sector_versies as (
    select * from {{ ref('int_geografie__sector_versies') }}
)

select
    sector_key,
    sector_code,
    sector_name_nl,
    sector_name_fr,
    is_onbekende_sector,
    gemeente_key,
    gemeente_nis_code,
    gemeente_name_nl,
    arrondissement_nis_code,
    arrondissement_name_nl,
    provincie_nis_code,
    provincie_name_nl,
    gewest_nis_code,
    gewest_name_nl,
    huidige_gemeente_nis_code,
    valid_from,
    valid_to,
    valid_to = cast('9999-12-31' as date) as is_current
from sector_versies
