-- Categories of service requests with their service norm in working days (and the former target in hours).
with categorieen as (
    select * from {{ ref('ref_melding_categorieen') }}
)

select
    categorie_code,
    categorie_name_nl,
    sla_target_hours,
    sla_target_werkdagen
from categorieen
