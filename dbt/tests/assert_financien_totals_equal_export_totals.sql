{{ config(meta={'dagster': {'ref': {'name': 'fct_financien_beleidsveld_versie'}}}) }}
-- Reconciliation with the exports' own totals, per report status: every Total-row cell and every subtotal
-- column of a BBC-DR export (per beleidsveld, per beleidsdomein, per book year; per municipality and for
-- the Total row) must equal the sum of the fact's amounts of the same file, report version and status.
-- Returns the cells that differ or exist on one side only.
with gepubliceerd as (
    select
        _source_file,
        rapportstatus,
        rapport_type_code,
        rapportjaar,
        boekjaar,
        budgetsoort,
        geldstroom,
        coalesce(gemeente_nis_code, 'Total') as rij,
        kolom_niveau,
        coalesce(beleidsveld_code, beleidsdomein_code, 'totaal') as kolom_code,
        waarde_eur
    from {{ ref('stg_abb__bbc_beleidsveld_bedragen') }}
    where not is_per_inwoner and (is_totaalrij or kolom_niveau <> 'beleidsveld')
),

feiten as (
    select
        feit.*,
        beleidsveld.beleidsdomein_code
    from {{ ref('fct_financien_beleidsveld_versie') }} as feit
    left join {{ ref('dim_beleidsveld') }} as beleidsveld
        on feit.beleidsveld_code = beleidsveld.beleidsveld_code
),

-- Each amount counts in five published cells: its beleidsveld column on the Total row, its domain
-- subtotal column on its own row and on the Total row, and the book-year total column on both.
cellen as (
    select
        'Total' as rij_soort,
        'beleidsveld' as kolom_niveau
    union all
    select
        'gemeente' as rij_soort,
        'beleidsdomein' as kolom_niveau
    union all
    select
        'Total' as rij_soort,
        'beleidsdomein' as kolom_niveau
    union all
    select
        'gemeente' as rij_soort,
        'totaal' as kolom_niveau
    union all
    select
        'Total' as rij_soort,
        'totaal' as kolom_niveau
),

bijdragen as (
    select
        feiten._source_file,
        feiten.rapportstatus,
        feiten.rapport_type_code,
        feiten.rapportjaar,
        feiten.boekjaar,
        feiten.budgetsoort,
        feiten.geldstroom,
        cellen.kolom_niveau,
        feiten.bedrag_eur,
        case when cellen.rij_soort = 'Total' then 'Total' else feiten.gemeente_nis_code end as rij,
        case
            when cellen.kolom_niveau = 'beleidsveld' then feiten.beleidsveld_code
            when cellen.kolom_niveau = 'beleidsdomein' then feiten.beleidsdomein_code
            else 'totaal'
        end as kolom_code
    from feiten
    cross join cellen
),

berekend as (
    select
        _source_file,
        rapportstatus,
        rapport_type_code,
        rapportjaar,
        boekjaar,
        budgetsoort,
        geldstroom,
        rij,
        kolom_niveau,
        kolom_code,
        sum(bedrag_eur) as waarde_eur
    from bijdragen
    group by
        _source_file, rapportstatus, rapport_type_code, rapportjaar, boekjaar, budgetsoort, geldstroom, rij,
        kolom_niveau, kolom_code
)

select
    coalesce(gepubliceerd._source_file, berekend._source_file) as _source_file,
    coalesce(gepubliceerd.rapportstatus, berekend.rapportstatus) as rapportstatus,
    coalesce(gepubliceerd.rij, berekend.rij) as rij,
    coalesce(gepubliceerd.kolom_niveau, berekend.kolom_niveau) as kolom_niveau,
    coalesce(gepubliceerd.kolom_code, berekend.kolom_code) as kolom_code,
    gepubliceerd.waarde_eur as published_eur,
    berekend.waarde_eur as computed_eur
from gepubliceerd
full outer join berekend
    on
        gepubliceerd._source_file = berekend._source_file
        and gepubliceerd.rapportstatus = berekend.rapportstatus
        and gepubliceerd.rapport_type_code = berekend.rapport_type_code
        and gepubliceerd.rapportjaar = berekend.rapportjaar
        and gepubliceerd.boekjaar = berekend.boekjaar
        and gepubliceerd.budgetsoort = berekend.budgetsoort
        and gepubliceerd.geldstroom = berekend.geldstroom
        and gepubliceerd.rij = berekend.rij
        and gepubliceerd.kolom_niveau = berekend.kolom_niveau
        and gepubliceerd.kolom_code = berekend.kolom_code
where
    gepubliceerd.waarde_eur is null
    or berekend.waarde_eur is null
    or gepubliceerd.waarde_eur <> berekend.waarde_eur
