-- Fiscal income per municipality and year as published (Statbel TF_PSNL_INC_TAX_MUNTY). Suppressed
-- cells ('*') are NULL with <measure>_status = 'onderdrukt'. The file states every year on one
-- municipal structure, so a code need not exist on 1 January of the year (Borsbeek 11007 in 2025):
-- the row gets the municipality version valid on that date, or else the code's last version.
with inkomens as (
    select * from {{ ref('stg_statbel__fiscale_inkomens') }}
),

gemeente_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

laatste_versies as (
    select
        gemeente_nis_code,
        gemeente_key,
        row_number() over (partition by gemeente_nis_code order by valid_from desc) as volgorde
    from gemeente_versies
)

select
    {{ surrogate_key(['inkomens.reference_year', 'inkomens.gemeente_nis_code']) }} as fiscaal_inkomen_id,
    inkomens.reference_year,
    coalesce(op_peildatum.gemeente_key, laatste.gemeente_key) as gemeente_key,
    inkomens.gemeente_nis_code,
    huidige_gemeente.huidige_gemeente_nis_code,
    inkomens.aangiften_niet_nul_count,
    inkomens.aangiften_niet_nul_count_status,
    inkomens.aangiften_nul_count,
    inkomens.aangiften_nul_count_status,
    inkomens.netto_belastbaar_inkomen_amount,
    inkomens.netto_belastbaar_inkomen_amount_status,
    inkomens.netto_inkomen_amount,
    inkomens.netto_inkomen_amount_status,
    inkomens.staatsbelasting_amount,
    inkomens.staatsbelasting_amount_status,
    inkomens.gemeentebelasting_amount,
    inkomens.gemeentebelasting_amount_status,
    inkomens.agglomeratiebelasting_amount,
    inkomens.agglomeratiebelasting_amount_status,
    inkomens.belastingen_amount,
    inkomens.belastingen_amount_status,
    inkomens.inwoners_count,
    inkomens.inwoners_count_status
from inkomens
left join gemeente_versies as op_peildatum
    on
        inkomens.gemeente_nis_code = op_peildatum.gemeente_nis_code
        and cast({{ dbt.concat(["cast(inkomens.reference_year as " ~ dbt.type_string() ~ ")", "'-01-01'"]) }} as date)
        between op_peildatum.valid_from and op_peildatum.valid_to
left join laatste_versies as laatste
    on
        inkomens.gemeente_nis_code = laatste.gemeente_nis_code
        and laatste.volgorde = 1
left join huidige_gemeente
    on inkomens.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
