-- Population on 1 January per statistical sector (OPENDATA_SECTOREN_<year>): rename and cast only.
with source as (
    select * from {{ source('statbel', 'opendata_sectoren') }}
),

renamed as (
    select
        cast(_file_period as {{ dbt.type_int() }}) as reference_year,
        cast({{ dbt.concat(["_file_period", "'-01-01'"]) }} as date) as reference_date,
        cd_sector as sector_code,
        cd_refnis as gemeente_nis_code,
        cast(total as {{ dbt.type_bigint() }}) as bevolking_count,
        {{ parse_statbel_date('dt_strt_sector') }} as sector_valid_from,
        {{ parse_statbel_date('dt_stop_sector') }} as sector_valid_to,
        cast({{ blank_to_null('oppervlakkte_in_hm2') }} as {{ dbt.type_numeric() }}) as oppervlakte_hm2,
        tx_descr_sector_nl as sector_name_nl,
        tx_descr_sector_fr as sector_name_fr,
        tx_descr_nl as gemeente_name_nl,
        tx_descr_fr as gemeente_name_fr,
        _source_file,
        _row_number as _source_row_number,
        _loaded_at
    from source
)

select * from renamed
