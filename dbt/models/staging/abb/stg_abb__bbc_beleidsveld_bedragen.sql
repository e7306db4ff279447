-- One row per value cell of a BBC-DR export (municipality rows and the Total row, beleidsveld columns
-- and subtotal columns): decode the header cells and cast the Dutch number. Nothing is filtered here.
with source as (
    select * from {{ source('abb', 'bbc_dr_beleidsvelden') }}
),

renamed as (
    select
        type_rapport as rapport_type_code,
        cast(rapportjaar as {{ dbt.type_int() }}) as rapportjaar,
        cast(boekjaar as {{ dbt.type_int() }}) as boekjaar,
        case
            when filters like '%Rapportstatus is origineel%' then 'origineel'
            when filters like '%Rapportstatus is herziening%' then 'herziening'
            when filters like '%Rapportstatus is voorlopig%' then 'voorlopig'
        end as rapportstatus,
        case
            when filters like '%Soort is Exploitatie%' then 'exploitatie'
            when filters like '%Soort is Investeringen%' then 'investering'
        end as budgetsoort,
        case
            when bv_domein = 'Total' then 'totaal'
            when bv_subdomein = 'Total' then 'beleidsdomein'
            else 'beleidsveld'
        end as kolom_niveau,
        case when bv_domein <> 'Total' then {{ dbt.split_part('bv_domein', "' '", 1) }} end as beleidsdomein_code,
        case
            when bv_subdomein <> 'Total' then {{ dbt.split_part('bv_subdomein', "' '", 1) }}
        end as beleidssubdomein_code,
        {{ dbt.split_part('beleidsveld', "' '", 1) }} as beleidsveld_code,
        case when waardetype like 'Uitgave%' then 'uitgave' else 'ontvangst' end as geldstroom,
        waardetype like '% per inwoner' as is_per_inwoner,
        nis_code = 'Total' as is_totaalrij,
        case when nis_code <> 'Total' then nis_code end as gemeente_nis_code,
        bestuur as bestuur_name,
        {{ parse_dutch_number('waarde') }} as waarde_eur,
        _source_file,
        cast(regel as {{ dbt.type_int() }}) as _source_line,
        cast(kolom as {{ dbt.type_int() }}) as _source_column,
        _loaded_at
    from source
)

select * from renamed
