-- Age dimension: every age that occurs in the population data, with the bands used in reports.
with leeftijden as (
    select distinct leeftijd from {{ ref('stg_statbel__bevolking_structuur') }}
)

select
    leeftijd,
    case
        when leeftijd < 18 then '0-17'
        when leeftijd < 65 then '18-64'
        else '65+'
    end as leeftijdsgroep,
    case
        when leeftijd < 18 then 1
        when leeftijd < 65 then 2
        else 3
    end as leeftijdsgroep_sort,
    case
        when leeftijd >= 95 then '95+'
        else {{ dbt.concat([
            "cast(leeftijd - mod(leeftijd, 5) as " ~ dbt.type_string() ~ ")",
            "'-'",
            "cast(leeftijd - mod(leeftijd, 5) + 4 as " ~ dbt.type_string() ~ ")"
        ]) }}
    end as leeftijdsklasse_5j,
    -- One sort key per band: every age of 95+ sorts as 95 (Power BI refuses a label with two sort keys).
    case when leeftijd >= 95 then 95 else leeftijd - mod(leeftijd, 5) end as leeftijdsklasse_5j_sort
from leeftijden
