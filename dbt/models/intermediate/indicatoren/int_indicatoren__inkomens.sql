-- Income indicators in the indicator contract (see _indicatoren__models.yml): average net taxable
-- income per inhabitant and per declaration, per municipality on today's boundaries. Where an input
-- was suppressed at the source ('*'), the value cannot be computed: is_bron_onderdrukt.
with inkomens as (
    select * from {{ ref('int_inkomens__huidige_gemeente') }}
),

per_noemer as (
    select
        'ink_per_inwoner' as indicator_code,
        gemeente_nis_code,
        reference_year,
        netto_belastbaar_inkomen_amount as teller,
        inwoners_count as noemer,
        netto_belastbaar_inkomen_amount_status = 'onderdrukt' or inwoners_count_status = 'onderdrukt'
            as is_bron_onderdrukt
    from inkomens
    union all
    select
        'ink_per_aangifte' as indicator_code,
        gemeente_nis_code,
        reference_year,
        netto_belastbaar_inkomen_amount as teller,
        aangiften_niet_nul_count + aangiften_nul_count as noemer,
        netto_belastbaar_inkomen_amount_status = 'onderdrukt'
        or aangiften_niet_nul_count_status = 'onderdrukt'
        or aangiften_nul_count_status = 'onderdrukt' as is_bron_onderdrukt
    from inkomens
)

select
    indicator_code,
    'gemeente' as geografie_niveau,
    gemeente_nis_code as geografie_code,
    gemeente_nis_code,
    cast(reference_year as {{ dbt.type_string() }}) as period,
    cast(teller as {{ dbt.type_numeric() }}) as numerator,
    cast(noemer as {{ dbt.type_numeric() }}) as denominator,
    cast(1 as {{ dbt.type_numeric() }}) as multiplier,
    noemer as eenheden_count,
    is_bron_onderdrukt,
    cast(null as {{ dbt.type_numeric() }}) as direct_value,
    false as is_voorlopig
from per_noemer
