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
    licence,
    bron_openbaarheid,
    richting,
    benchmarkgroep,
    is_kernindicator,
    case
        when bron_openbaarheid = 'eigen'
            then {{ dbt.concat([
                "'kleine-celregel: geen waarde op minder dan '",
                "cast(" ~ var('disclosure_k') ~ " as " ~ dbt.type_string() ~ ")",
                "' eenheden, met secundaire onderdrukking'",
            ]) }}
        else 'geen onderdrukking: openbare bron'
    end as onthullingsregel
from catalogus
