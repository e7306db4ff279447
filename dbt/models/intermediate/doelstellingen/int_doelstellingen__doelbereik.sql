-- Column names follow the indicator mart's shared contract; `value` is an SQL keyword (noqa: RF04).
-- Goal attainment per municipality and year: the share of the plan's indicators with a target and an
-- actual value that year that met the target (doel_streefwaarde_gehaald_aandeel). Provisional when one of
-- the actual values is a provisional warehouse figure.
with indicator_jaren as (
    select * from {{ ref('int_doelstellingen__indicator_jaren') }}
    where is_streefwaarde_gehaald is not null
)

select
    'doel_streefwaarde_gehaald_aandeel' as indicator_code,
    'gemeente' as geografie_niveau,
    gemeente_nis_code as geografie_code,
    cast(jaar as {{ dbt.type_string() }}) as period,
    cast(
        {{ round_decimal('100.0 * sum(case when is_streefwaarde_gehaald then 1 else 0 end) / count(*)', 1) }}
        as decimal(18, 2)
    )
        as value,  -- noqa: RF04
    cast(sum(case when is_streefwaarde_gehaald then 1 else 0 end) as decimal(18, 2)) as numerator,
    cast(count(*) as decimal(18, 2)) as denominator,
    'procent' as unit,
    case
        when sum(case when realisatie_status = 'voorlopig' then 1 else 0 end) > 0 then 'voorlopig'
        else 'definitief'
    end as status
from indicator_jaren
group by gemeente_nis_code, jaar
