-- Categories of service requests with their service-level target (hours from creation to closing).
with categorieen as (
    select * from {{ ref('ref_melding_categorieen') }}
)

select
    categorie_code,
    categorie_name_nl,
    sla_target_hours
from categorieen
