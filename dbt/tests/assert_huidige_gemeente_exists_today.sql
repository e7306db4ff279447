{{ config(meta={'dagster': {'ref': {'name': 'int_geografie__huidige_gemeente'}}}) }}
-- Every code a municipality maps to must be a municipality that exists today; a longer merger chain
-- than int_geografie__huidige_gemeente follows, or a missing merger, shows up here.
select
    huidige.gemeente_nis_code,
    huidige.huidige_gemeente_nis_code
from {{ ref('int_geografie__huidige_gemeente') }} as huidige
left join {{ ref('int_geografie__gemeente_versies') }} as versies
    on
        huidige.huidige_gemeente_nis_code = versies.gemeente_nis_code
        and versies.valid_to = cast('9999-12-31' as date)
where versies.gemeente_nis_code is null
