-- One row per element of the plan's goal tree, indicator and year (the reader unpivoted the year columns):
-- rename and cast.
with source as (
    select * from {{ source('planningstool', 'meerjarenplan_doelstellingen') }}
),

renamed as (
    select
        plan as plan_code,
        nis_code as gemeente_nis_code,
        bestuur as bestuur_name,
        {{ parse_statbel_date('exportdatum') }} as export_date,
        lower(niveau) as doelstelling_niveau,
        code as doelstelling_code,
        titel as doelstelling_titel,
        bovenliggende_code as parent_doelstelling_code,
        {{ dbt.split_part('beleidsveld', "' '", 1) }} as beleidsveld_code,
        verantwoordelijke_dienst,
        prioritair = 'Ja' as is_prioritair,
        indicator as indicator_name_nl,
        indicatorcode as indicator_code,
        {{ normalise_unit('eenheid') }} as unit,
        gewenste_evolutie,
        cast(basisjaar as {{ dbt.type_int() }}) as basisjaar,
        {{ parse_dutch_number('basiswaarde') }} as basiswaarde,
        cast(jaar as {{ dbt.type_int() }}) as jaar,
        {{ parse_dutch_number('streefwaarde') }} as streefwaarde,
        {{ parse_dutch_number('realisatie') }} as realisatie_planningstool,
        _source_file,
        cast(regel as {{ dbt.type_int() }}) as _source_line,
        _loaded_at
    from source
)

select * from renamed
