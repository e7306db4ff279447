-- One row per REFNIS code version: rename and cast only.
with source as (
    select * from {{ source('statbel', 'tu_com_refnis') }}
),

renamed as (
    select
        cast(lvl_refnis as {{ dbt.type_int() }}) as refnis_level,
        cd_refnis as refnis_code,
        nullif(cd_sup_refnis, '-') as parent_refnis_code,
        tx_refnis_nl as refnis_name_nl,
        tx_refnis_fr as refnis_name_fr,
        tx_refnis_de as refnis_name_de,
        {{ parse_statbel_date('dt_vldt_start') }} as valid_from,
        {{ parse_statbel_date('dt_vldt_end') }} as valid_to,
        _source_file,
        _loaded_at
    from source
)

select * from renamed
