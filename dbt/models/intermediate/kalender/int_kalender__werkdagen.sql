{{ config(materialized="table") }}

-- Every day from 2019 to 2030 (the years of the holiday seed), with whether it is a working day of the
-- city: not a Saturday or Sunday, not a Belgian public holiday (seed ref_feestdagen, generated from the
-- maintained `holidays` package by scripts/generate_holiday_seed.py) and not one of the city's own
-- closing days (seed ref_sluitingsdagen). werkdag_volgnummer counts the working days up to and including
-- the day, so the Nth working day after a day D is the working day whose number is N more than D's.
-- Portable: a day spine from digits, weekdays counted from a known Monday (31 December 2018).
with cijfers as (
    {%- for digit in range(10) %}
        select {{ digit }} as cijfer
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

getallen as (
    select duizend.cijfer * 1000 + honderd.cijfer * 100 + tien.cijfer * 10 + een.cijfer as n
    from cijfers as duizend
    cross join cijfers as honderd
    cross join cijfers as tien
    cross join cijfers as een
),

dagen as (
    select cast({{ dbt.dateadd('day', 'getallen.n', "cast('2019-01-01' as date)") }} as date) as kalender_date
    from getallen
),

feestdagen as (
    select * from {{ ref('ref_feestdagen') }}
),

sluitingsdagen as (
    select * from {{ ref('ref_sluitingsdagen') }}
),

gekenmerkt as (
    select
        dagen.kalender_date,
        mod({{ dbt.datediff("cast('2018-12-31' as date)", 'dagen.kalender_date', 'day') }}, 7) >= 5 as is_weekend,
        feestdagen.feestdag_date is not null as is_feestdag,
        feestdagen.feestdag_name_nl,
        sluitingsdagen.sluitingsdag_date is not null as is_sluitingsdag
    from dagen
    left join feestdagen
        on dagen.kalender_date = feestdagen.feestdag_date
    left join sluitingsdagen
        on dagen.kalender_date = sluitingsdagen.sluitingsdag_date
    where dagen.kalender_date <= cast('2030-12-31' as date)
)

select
    kalender_date,
    is_weekend,
    is_feestdag,
    feestdag_name_nl,
    is_sluitingsdag,
    not is_weekend and not is_feestdag and not is_sluitingsdag as is_werkdag,
    sum(case when not is_weekend and not is_feestdag and not is_sluitingsdag then 1 else 0 end) over (
        order by kalender_date rows between unbounded preceding and current row
    ) as werkdag_volgnummer
from gekenmerkt
