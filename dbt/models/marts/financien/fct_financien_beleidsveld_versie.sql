-- Every report version as exported: one row per municipality (as it was on 1 January of the book year),
-- beleidsveld, cash flow, soort, book year, report type, report year and report status. The status is
-- part of the grain: add amounts within one version only (or use fct_financien_beleidsveld, which keeps
-- one version per report).
with bedragen as (
    select * from {{ ref('int_financien__beleidsveld_bedragen') }}
),

gemeenten as (
    select * from {{ ref('dim_gemeente') }}
)

select
    {{ surrogate_key([
        'bedragen.gemeente_nis_code', 'bedragen.beleidsveld_code', 'bedragen.geldstroom', 'bedragen.budgetsoort',
        'bedragen.boekjaar', 'bedragen.rapport_type_code', 'bedragen.rapportjaar', 'bedragen.rapportstatus'
    ]) }} as financien_beleidsveld_versie_id,
    gemeenten.gemeente_key,
    bedragen.gemeente_nis_code,
    gemeenten.huidige_gemeente_nis_code,
    bedragen.beleidsveld_code,
    bedragen.geldstroom,
    bedragen.budgetsoort,
    bedragen.boekjaar,
    bedragen.rapport_type_code,
    bedragen.rapportjaar,
    bedragen.rapportstatus,
    bedragen.bedrag_eur,
    bedragen.published_bedrag_per_inwoner_eur,
    bedragen._source_file,
    bedragen._source_line,
    bedragen._source_column
from bedragen
left join gemeenten
    on
        bedragen.gemeente_nis_code = gemeenten.gemeente_nis_code
        and cast({{ dbt.concat(["cast(bedragen.boekjaar as " ~ dbt.type_string() ~ ")", "'-01-01'"]) }} as date)
        between gemeenten.valid_from and gemeenten.valid_to
