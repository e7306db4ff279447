-- Conformed BBC beleidsveld dimension: every beleidsveld with its subdomain and domain (the BBC policy
-- hierarchy, domain -> subdomain -> field), from the project's reference list.
with beleidsvelden as (
    select * from {{ ref('ref_bbc_beleidsvelden') }}
)

select
    beleidsveld_code,
    beleidsveld_name_nl,
    {{ dbt.concat(["beleidsveld_code", "' '", "beleidsveld_name_nl"]) }} as beleidsveld_label_nl,
    beleidssubdomein_code,
    beleidssubdomein_name_nl,
    beleidsdomein_code,
    beleidsdomein_name_nl,
    {{ dbt.concat(["beleidsdomein_code", "' '", "beleidsdomein_name_nl"]) }} as beleidsdomein_label_nl
from beleidsvelden
