-- The chosen report version of every municipality, summed onto today's municipalities (amounts are
-- additive, so the 2025 mergers are harmonised by adding the predecessors: Hasselt 71022 + Kortessem 73040
-- -> 71072, Borsbeek 11007 -> Antwerpen 11002). Only chosen versions are added, never two versions of the
-- same bestuur; versie_count shows whether the predecessors' chosen versions agree.
with gekozen_bedragen as (
    select * from {{ ref('int_financien__gekozen_versie_bedragen') }}
),

huidige_gemeente as (
    select * from {{ ref('int_geografie__huidige_gemeente') }}
),

op_huidige_gemeente as (
    select
        coalesce(huidige_gemeente.huidige_gemeente_nis_code, gekozen_bedragen.gemeente_nis_code)
            as gemeente_nis_code,
        gekozen_bedragen.gemeente_nis_code as published_gemeente_nis_code,
        gekozen_bedragen.beleidsveld_code,
        gekozen_bedragen.beleidsdomein_code,
        gekozen_bedragen.geldstroom,
        gekozen_bedragen.budgetsoort,
        gekozen_bedragen.boekjaar,
        gekozen_bedragen.rapport_type_code,
        gekozen_bedragen.rapportjaar,
        gekozen_bedragen.rapportstatus,
        gekozen_bedragen.bedrag_eur
    from gekozen_bedragen
    left join huidige_gemeente
        on gekozen_bedragen.gemeente_nis_code = huidige_gemeente.gemeente_nis_code
)

select
    gemeente_nis_code,
    beleidsveld_code,
    beleidsdomein_code,
    geldstroom,
    budgetsoort,
    boekjaar,
    rapport_type_code,
    max(rapportjaar) as rapportjaar,
    max(rapportstatus) as rapportstatus,
    count(distinct {{ dbt.concat(["cast(rapportjaar as " ~ dbt.type_string() ~ ")", "rapportstatus"]) }})
        as versie_count,
    cast(sum(bedrag_eur) as decimal(18, 2)) as bedrag_eur,
    count(distinct published_gemeente_nis_code) as published_gemeente_count
from op_huidige_gemeente
group by gemeente_nis_code, beleidsveld_code, beleidsdomein_code, geldstroom, budgetsoort, boekjaar, rapport_type_code
