-- The indicator catalogue (seed ref_indicatoren) as a dimension, so BI finds the definitions next to
-- the values in the published copy.
with catalogus as (
    select * from {{ ref('ref_indicatoren') }}
)

select
    indicator_code,
    obmi_domein,
    name_nl,
    definition_nl,
    unit,
    formula,
    source,
    licence
from catalogus
