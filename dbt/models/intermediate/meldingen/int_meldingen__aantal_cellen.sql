{{ config(materialized="table") }}

-- The frequency table of service requests the warehouse publishes (fct_melding_aantal), before
-- disclosure control: requests created per geography x category x period.
-- * Geography: statistical sector (the request's own; without one, the municipality's unknown sector
--   <NIS>ZZZZ, so sectors always add up to the municipality), municipality on today's boundaries, and
--   the municipality's groups: the centrumsteden and its region (gewest; the Brussels-Capital Region is
--   the VGC's area).
-- * Category: each category of ref_melding_categorieen, '_onbekend' for a category the list lacks, and
--   '_alle' for all of them together.
-- * Period: month of creation (period_type maand), and the year only when the data cover all of it.
--   Coverage runs from the first day with a request to the day of the newest extract; a period partly
--   outside it is published with is_volledig false and its covered first and last day.
-- Every cell with at least one request is a row; a missing row is a true zero.
with meldingen as (
    select * from {{ ref('int_meldingen__doorlooptijd') }}
),

centrumsteden as (
    select * from {{ ref('ref_centrumsteden') }}
),

huidige_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
    where valid_to = cast('9999-12-31' as date)
),

dekking as (
    select
        min(created_date) as dekking_start,
        cast(max(updated_at_utc) as date) as dekking_einde
    from meldingen
),

basis as (
    select
        meldingen.melding_id,
        coalesce(meldingen.gemeente_nis_code, '00000') as gemeente_nis_code,
        coalesce(
            meldingen.statistische_sector_code,
            {{ dbt.concat(["coalesce(meldingen.gemeente_nis_code, '00000')", "'ZZZZ'"]) }}
        ) as sector_code,
        coalesce(meldingen.categorie_code, '_onbekend') as categorie_code,
        meldingen.created_date
    from meldingen
),

periodes as (
    select
        melding_id,
        'maand' as period_type,
        substring(cast(created_date as {{ dbt.type_string() }}), 1, 7) as period,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, dbt.date_trunc('month', 'created_date'))) }} as date
        ) as period_end
    from basis
    union all
    select
        melding_id,
        'jaar' as period_type,
        substring(cast(created_date as {{ dbt.type_string() }}), 1, 4) as period,
        cast({{ dbt.date_trunc('year', 'created_date') }} as date) as period_start,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, dbt.date_trunc('year', 'created_date'))) }} as date
        ) as period_end
    from basis
),

categorieen as (
    select
        melding_id,
        categorie_code
    from basis
    union all
    select
        melding_id,
        '_alle' as categorie_code
    from basis
),

geografie as (
    select
        basis.melding_id,
        'sector' as geografie_niveau,
        basis.sector_code as geografie_code,
        basis.gemeente_nis_code
    from basis
    union all
    select
        basis.melding_id,
        'gemeente' as geografie_niveau,
        basis.gemeente_nis_code as geografie_code,
        basis.gemeente_nis_code
    from basis
    union all
    select
        basis.melding_id,
        'centrumsteden' as geografie_niveau,
        'centrumsteden' as geografie_code,
        cast(null as {{ dbt.type_string() }}) as gemeente_nis_code
    from basis
    inner join centrumsteden
        on basis.gemeente_nis_code = centrumsteden.gemeente_nis_code
    union all
    select
        basis.melding_id,
        'gewest' as geografie_niveau,
        huidige_versies.gewest_nis_code as geografie_code,
        cast(null as {{ dbt.type_string() }}) as gemeente_nis_code
    from basis
    inner join huidige_versies
        on basis.gemeente_nis_code = huidige_versies.gemeente_nis_code
),

cellen as (
    select
        geografie.geografie_niveau,
        geografie.geografie_code,
        geografie.gemeente_nis_code,
        categorieen.categorie_code,
        periodes.period_type,
        periodes.period,
        periodes.period_start,
        periodes.period_end,
        count(*) as melding_count
    from geografie
    inner join categorieen
        on geografie.melding_id = categorieen.melding_id
    inner join periodes
        on geografie.melding_id = periodes.melding_id
    group by
        geografie.geografie_niveau,
        geografie.geografie_code,
        geografie.gemeente_nis_code,
        categorieen.categorie_code,
        periodes.period_type,
        periodes.period,
        periodes.period_start,
        periodes.period_end
)

select
    {{ surrogate_key([
        'cellen.geografie_niveau', 'cellen.geografie_code', 'cellen.categorie_code', 'cellen.period'
    ]) }} as cel_id,
    cellen.geografie_niveau,
    cellen.geografie_code,
    cellen.gemeente_nis_code,
    huidige_versies.gemeente_key,
    huidige_versies.gewest_nis_code,
    centrumsteden.gemeente_nis_code is not null as is_centrumstad,
    cellen.categorie_code,
    cellen.period_type,
    cellen.period,
    cellen.period_start,
    cellen.period_end,
    case when dekking.dekking_start > cellen.period_start then dekking.dekking_start else cellen.period_start end
        as dekking_start,
    case when dekking.dekking_einde < cellen.period_end then dekking.dekking_einde else cellen.period_end end
        as dekking_einde,
    dekking.dekking_start <= cellen.period_start and dekking.dekking_einde >= cellen.period_end as is_volledig,
    cast(cellen.melding_count as {{ dbt.type_bigint() }}) as melding_count
from cellen
cross join dekking
left join huidige_versies
    on cellen.gemeente_nis_code = huidige_versies.gemeente_nis_code
left join centrumsteden
    on cellen.gemeente_nis_code = centrumsteden.gemeente_nis_code
where
    cellen.period_type = 'maand'
    or (dekking.dekking_start <= cellen.period_start and dekking.dekking_einde >= cellen.period_end)
