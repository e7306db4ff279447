{{ config(meta={'dagster': {'ref': {'name': 'fct_financien_beleidsveld'}}}) }}
-- Report versions are never mixed or added: in the reporting fact, every municipality, book year and
-- report type comes from one version (one report year and status across all beleidsvelden), and every
-- amount equals the amount of that one version in the version fact, summed over the predecessors of a
-- merged municipality (a sum over statuses would be two or three times larger). Returns the offending rows.
with gemengd as (
    select
        gemeente_nis_code,
        boekjaar,
        rapport_type_code,
        'more than one version' as probleem
    from {{ ref('fct_financien_beleidsveld') }}
    group by gemeente_nis_code, boekjaar, rapport_type_code
    having count(distinct {{ dbt.concat(["cast(rapportjaar as " ~ dbt.type_string() ~ ")", "rapportstatus"]) }}) > 1
),

versie_op_huidige_gemeente as (
    select
        huidige_gemeente_nis_code,
        beleidsveld_code,
        geldstroom,
        budgetsoort,
        boekjaar,
        rapport_type_code,
        rapportjaar,
        rapportstatus,
        sum(bedrag_eur) as bedrag_eur
    from {{ ref('fct_financien_beleidsveld_versie') }}
    group by
        huidige_gemeente_nis_code, beleidsveld_code, geldstroom, budgetsoort, boekjaar, rapport_type_code,
        rapportjaar, rapportstatus
),

niet_uit_een_versie as (
    select
        rapportering.gemeente_nis_code,
        rapportering.boekjaar,
        rapportering.rapport_type_code,
        'amount differs from its version' as probleem
    from {{ ref('fct_financien_beleidsveld') }} as rapportering
    left join versie_op_huidige_gemeente as versie
        on
            rapportering.gemeente_nis_code = versie.huidige_gemeente_nis_code
            and rapportering.beleidsveld_code = versie.beleidsveld_code
            and rapportering.geldstroom = versie.geldstroom
            and rapportering.budgetsoort = versie.budgetsoort
            and rapportering.boekjaar = versie.boekjaar
            and rapportering.rapport_type_code = versie.rapport_type_code
            and rapportering.rapportjaar = versie.rapportjaar
            and rapportering.rapportstatus = versie.rapportstatus
    where versie.bedrag_eur is null or versie.bedrag_eur <> rapportering.bedrag_eur
)

select * from gemengd
union all
select * from niet_uit_een_versie
