{{ config(meta={'dagster': {'ref': {'name': 'fct_fiscaal_inkomen_huidige_gemeente'}}}) }}
-- Reconciliation of fiscal income, per year and today's municipality: where every part was published,
-- the harmonised value equals the sum of the published municipalities; where a part was suppressed
-- ('*'), the harmonised value is NULL with status 'onderdrukt' - never a partial sum. Checked for the
-- measures the indicators use. Returns what does not reconcile.
with gepubliceerd as (
    select
        reference_year,
        huidige_gemeente_nis_code as gemeente_nis_code,
        sum(netto_belastbaar_inkomen_amount) as inkomen,
        sum(case when netto_belastbaar_inkomen_amount_status = 'onderdrukt' then 1 else 0 end) as inkomen_onderdrukt,
        sum(inwoners_count) as inwoners,
        sum(case when inwoners_count_status = 'onderdrukt' then 1 else 0 end) as inwoners_onderdrukt,
        sum(aangiften_nul_count) as aangiften_nul,
        sum(case when aangiften_nul_count_status = 'onderdrukt' then 1 else 0 end) as aangiften_nul_onderdrukt
    from {{ ref('fct_fiscaal_inkomen') }}
    group by reference_year, huidige_gemeente_nis_code
),

geharmoniseerd as (
    select * from {{ ref('fct_fiscaal_inkomen_huidige_gemeente') }}
)

select
    gepubliceerd.reference_year,
    gepubliceerd.gemeente_nis_code,
    gepubliceerd.inkomen,
    geharmoniseerd.netto_belastbaar_inkomen_amount,
    gepubliceerd.inwoners,
    geharmoniseerd.inwoners_count,
    gepubliceerd.aangiften_nul,
    geharmoniseerd.aangiften_nul_count,
    geharmoniseerd.aangiften_nul_count_status
from gepubliceerd
left join geharmoniseerd
    on
        gepubliceerd.reference_year = geharmoniseerd.reference_year
        and gepubliceerd.gemeente_nis_code = geharmoniseerd.gemeente_nis_code
where
    geharmoniseerd.gemeente_nis_code is null
    or (gepubliceerd.inkomen_onderdrukt = 0 and geharmoniseerd.netto_belastbaar_inkomen_amount <> gepubliceerd.inkomen)
    or (gepubliceerd.inkomen_onderdrukt > 0 and geharmoniseerd.netto_belastbaar_inkomen_amount is not null)
    or (gepubliceerd.inwoners_onderdrukt = 0 and geharmoniseerd.inwoners_count <> gepubliceerd.inwoners)
    or (gepubliceerd.inwoners_onderdrukt > 0 and geharmoniseerd.inwoners_count is not null)
    or (gepubliceerd.aangiften_nul_onderdrukt = 0 and geharmoniseerd.aangiften_nul_count <> gepubliceerd.aangiften_nul)
    or (
        gepubliceerd.aangiften_nul_onderdrukt > 0
        and (
            geharmoniseerd.aangiften_nul_count is not null
            or geharmoniseerd.aangiften_nul_count_status <> 'onderdrukt'
        )
    )
