-- Population on 1 January per municipality, sex, nationality, civil status and age: rename and cast only.
with source as (
    select * from {{ source('statbel', 'tf_soc_pop_struct') }}
),

renamed as (
    select
        cast(_file_period as {{ dbt.type_int() }}) as reference_year,
        cast({{ dbt.concat(["_file_period", "'-01-01'"]) }} as date) as reference_date,
        cd_refnis as gemeente_nis_code,
        tx_descr_nl as gemeente_name_nl,
        cd_dstr_refnis as arrondissement_nis_code,
        {{ blank_to_null('cd_prov_refnis') }} as provincie_nis_code,
        cd_rgn_refnis as gewest_nis_code,
        cd_sex as geslacht_code,
        cd_natlty as nationaliteit_code,
        cd_civ_sts as burgerlijke_staat_code,
        tx_civ_sts_nl as burgerlijke_staat_name_nl,
        cast(cd_age as {{ dbt.type_int() }}) as leeftijd,
        cast(ms_population as {{ dbt.type_bigint() }}) as bevolking_count,
        _source_file,
        _row_number as _source_row_number,
        _loaded_at
    from source
)

select * from renamed
