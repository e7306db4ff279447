{{ config(meta={'dagster': {'ref': {'name': 'stg_statbel__huishoudens_sector'}}}) }}
-- A households file whose name carries a year (TF_CAR_HH_SECTOR_2019.txt) must hold that year's figures
-- (CD_YEAR): a file renamed by mistake would otherwise replace another year. Returns the mismatches.
select
    _source_file,
    file_name_year,
    reference_year,
    count(*) as row_count
from {{ ref('stg_statbel__huishoudens_sector') }}
where
    file_name_year is not null
    and file_name_year <> reference_year
group by _source_file, file_name_year, reference_year
