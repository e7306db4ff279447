-- Label dimension for Statbel's nationality codes (CD_NATLTY), with the labels Statbel uses.
select
    'BEL' as nationaliteit_code,
    'Belgen' as nationaliteit_name_nl,
    1 as nationaliteit_sort
union all
select
    'ETR' as nationaliteit_code,
    'niet-Belgen' as nationaliteit_name_nl,
    2 as nationaliteit_sort
