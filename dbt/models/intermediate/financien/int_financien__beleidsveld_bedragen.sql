{{ config(materialized="table") }}

-- Materialised as a table: two models read it and it pairs every amount with its per-inhabitant cell.
-- Amounts per municipality (as exported), beleidsveld, cash flow, soort, book year and report version:
-- the municipality rows and beleidsveld columns of the exports, with the published amount per inhabitant
-- of the same cell group beside the amount. The Total row and subtotal columns stay in staging, for the
-- reconciliation test.
with cellen as (
    select * from {{ ref('stg_abb__bbc_beleidsveld_bedragen') }}
    where not is_totaalrij and kolom_niveau = 'beleidsveld'
),

bedragen as (
    select * from cellen
    where not is_per_inwoner
),

per_inwoner as (
    select * from cellen
    where is_per_inwoner
)

select
    bedragen.gemeente_nis_code,
    bedragen.beleidsveld_code,
    bedragen.beleidsdomein_code,
    bedragen.geldstroom,
    bedragen.budgetsoort,
    bedragen.boekjaar,
    bedragen.rapport_type_code,
    bedragen.rapportjaar,
    bedragen.rapportstatus,
    bedragen.waarde_eur as bedrag_eur,
    per_inwoner.waarde_eur as published_bedrag_per_inwoner_eur,
    bedragen._source_file,
    bedragen._source_line,
    bedragen._source_column
from bedragen
left join per_inwoner
    on
        bedragen._source_file = per_inwoner._source_file
        and bedragen._source_line = per_inwoner._source_line
        and bedragen.rapport_type_code = per_inwoner.rapport_type_code
        and bedragen.rapportjaar = per_inwoner.rapportjaar
        and bedragen.boekjaar = per_inwoner.boekjaar
        and bedragen.beleidsveld_code = per_inwoner.beleidsveld_code
        and bedragen.geldstroom = per_inwoner.geldstroom
