-- The amounts of the one report version that counts, per municipality (as exported), book year and report
-- type: never a sum of versions, always exactly one. Rule: an adopted version (origineel or herziening)
-- before a draft (voorlopig); among those the newest report year; in the same report year a herziening
-- before the origineel. A draft is chosen only when nothing else exists, and is marked as such downstream.
-- The version is chosen per report, not per beleidsveld, so a report's fields never mix versions.
with bedragen as (
    select * from {{ ref('int_financien__beleidsveld_bedragen') }}
),

gerangschikt as (
    select
        gemeente_nis_code,
        beleidsveld_code,
        beleidsdomein_code,
        geldstroom,
        budgetsoort,
        boekjaar,
        rapport_type_code,
        rapportjaar,
        rapportstatus,
        bedrag_eur,
        dense_rank() over (
            partition by gemeente_nis_code, boekjaar, rapport_type_code
            order by
                case when rapportstatus = 'voorlopig' then 1 else 0 end,
                rapportjaar desc,
                case when rapportstatus = 'herziening' then 0 else 1 end
        ) as versie_rang
    from bedragen
)

select
    gemeente_nis_code,
    beleidsveld_code,
    beleidsdomein_code,
    geldstroom,
    budgetsoort,
    boekjaar,
    rapport_type_code,
    rapportjaar,
    rapportstatus,
    bedrag_eur
from gerangschikt
where versie_rang = 1
