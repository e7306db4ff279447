-- Private households and cars per statistical sector (TF_CAR_HH_SECTOR): rename and cast only.
-- Counts are published with a thousands dot ('1.030') and zero cars as '-00' (parse_statbel_count).
with source as (
    select * from {{ source('statbel', 'tf_car_hh_sector') }}
),

renamed as (
    select
        cast(cd_year as {{ dbt.type_int() }}) as reference_year,
        cast({{ dbt.concat(["cd_year", "'-01-01'"]) }} as date) as reference_date,
        cast(_file_period as {{ dbt.type_int() }}) as file_name_year,
        cd_stat_sector as sector_code,
        cd_refnis as gemeente_nis_code,
        tx_refnis_descr_nl as gemeente_name_nl,
        tx_refnis_descr_fr as gemeente_name_fr,
        {{ parse_statbel_count('ms_num_hh') }} as huishoudens_count,
        {{ parse_statbel_count('ms_num_car') }} as wagens_count,
        _source_file,
        _row_number as _source_row_number,
        _loaded_at
    from source
)

select * from renamed
