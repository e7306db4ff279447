-- Label dimension for Statbel's sex codes (CD_SEX), so a report shows words and sorts them the same way
-- everywhere.
select
    'F' as geslacht_code,
    'vrouw' as geslacht_name_nl,
    1 as geslacht_sort
union all
select
    'M' as geslacht_code,
    'man' as geslacht_name_nl,
    2 as geslacht_sort
