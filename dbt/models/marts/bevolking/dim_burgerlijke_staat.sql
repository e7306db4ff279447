-- Label dimension for Statbel's civil-status codes (CD_CIV_STS) with the Dutch and French labels of the
-- population files (the newest label per code), sorted by code.
with staten as (
    select
        burgerlijke_staat_code,
        burgerlijke_staat_name_nl,
        row_number() over (partition by burgerlijke_staat_code order by reference_year desc) as volgorde
    from {{ ref('stg_statbel__bevolking_structuur') }}
)

select
    burgerlijke_staat_code,
    burgerlijke_staat_name_nl,
    dense_rank() over (order by burgerlijke_staat_code) as burgerlijke_staat_sort
from staten
where volgorde = 1
