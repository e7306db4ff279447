-- One row per record of the daily extracts (a request appears once per day it changed): rename and cast.
-- Minimisation: the address, the coordinates and the reporter's pseudonym are not selected; they stay in
-- raw, and no model downstream can use them.
with source as (
    select * from {{ source('stad', 'meldingen') }}
),

renamed as (
    select
        melding_id,
        categorie as categorie_name_nl,
        status as status_name_nl,
        kanaal as kanaal_name_nl,
        {{ iso_timestamp_local('aangemaakt_op') }} as created_at,
        {{ iso_timestamp_utc('aangemaakt_op') }} as created_at_utc,
        {{ iso_timestamp_local('gewijzigd_op') }} as updated_at,
        {{ iso_timestamp_utc('gewijzigd_op') }} as updated_at_utc,
        {{ iso_timestamp_local('afgesloten_op') }} as closed_at,
        {{ iso_timestamp_utc('afgesloten_op') }} as closed_at_utc,
        statistische_sector as statistische_sector_code,
        cast(_file_period as date) as extract_date,
        _source_file,
        _row_number as _source_row_number,
        _loaded_at
    from source
)

select * from renamed
