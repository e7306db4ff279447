-- Fiscal income per municipality and year (TF_PSNL_INC_TAX_MUNTY): rename and cast only. Statbel's
-- suppression marker '*' becomes a missing value, never 0, with the reason in <measure>_status.
with source as (
    select * from {{ source('statbel', 'tf_psnl_inc_tax_munty') }}
),

renamed as (
    select
        cast(cd_year as {{ dbt.type_int() }}) as reference_year,
        cd_munty_refnis as gemeente_nis_code,
        tx_munty_descr_nl as gemeente_name_nl,
        tx_munty_descr_fr as gemeente_name_fr,
        {{ statbel_measure('ms_nbr_non_zero_inc', dbt.type_bigint()) }} as aangiften_niet_nul_count,
        {{ statbel_measure_status('ms_nbr_non_zero_inc') }} as aangiften_niet_nul_count_status,
        {{ statbel_measure('ms_nbr_zero_inc', dbt.type_bigint()) }} as aangiften_nul_count,
        {{ statbel_measure_status('ms_nbr_zero_inc') }} as aangiften_nul_count_status,
        {{ statbel_measure('ms_tot_net_taxable_inc', dbt.type_numeric()) }} as netto_belastbaar_inkomen_amount,
        {{ statbel_measure_status('ms_tot_net_taxable_inc') }} as netto_belastbaar_inkomen_amount_status,
        {{ statbel_measure('ms_tot_net_inc', dbt.type_numeric()) }} as netto_inkomen_amount,
        {{ statbel_measure_status('ms_tot_net_inc') }} as netto_inkomen_amount_status,
        {{ statbel_measure('ms_tot_state_taxes', dbt.type_numeric()) }} as staatsbelasting_amount,
        {{ statbel_measure_status('ms_tot_state_taxes') }} as staatsbelasting_amount_status,
        {{ statbel_measure('ms_tot_municip_taxes', dbt.type_numeric()) }} as gemeentebelasting_amount,
        {{ statbel_measure_status('ms_tot_municip_taxes') }} as gemeentebelasting_amount_status,
        {{ statbel_measure('ms_tot_suburbs_taxes', dbt.type_numeric()) }} as agglomeratiebelasting_amount,
        {{ statbel_measure_status('ms_tot_suburbs_taxes') }} as agglomeratiebelasting_amount_status,
        {{ statbel_measure('ms_tot_taxes', dbt.type_numeric()) }} as belastingen_amount,
        {{ statbel_measure_status('ms_tot_taxes') }} as belastingen_amount_status,
        {{ statbel_measure('ms_tot_residents', dbt.type_bigint()) }} as inwoners_count,
        {{ statbel_measure_status('ms_tot_residents') }} as inwoners_count_status,
        _source_file,
        _row_number as _source_row_number,
        _loaded_at
    from source
)

select * from renamed
