{{
    config(
        materialized='incremental',
        unique_key='jaar',
        incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
        partition_by=(['jaar'] if target.type == 'spark' else none),
        file_format=('delta' if target.type == 'spark' else none),
        on_schema_change='fail',
    )
}}

-- The frequency table of service requests the warehouse publishes (fct_melding_aantal), before
-- disclosure control: requests created per geography x category x period.
-- * Geography: statistical sector (the request's own; without one, the municipality's unknown sector
--   <NIS>ZZZZ, so sectors always add up to the municipality), municipality on today's boundaries, and
--   the municipality's groups: the centrumsteden and its region (gewest; the Brussels-Capital Region is
--   the VGC's area).
-- * Category: each category of ref_melding_categorieen, '_onbekend' for a category the list lacks, and
--   '_alle' for all of them together.
-- * Period: month of creation (period_type maand), and the quarter (kwartaal, 'YYYY-Qn') and the year
--   only when the data cover all of it.
--   Coverage runs from the first day with a request to the day of the newest extract; a period partly
--   outside it is published with is_volledig false and its covered first and last day.
-- Every cell with at least one request is a row; a missing row is a true zero.
-- Incremental per creation year (jaar): no cell and no additive relation crosses a year, so a year's cells
-- depend only on that year's requests and the coverage. A run counts again the years of the requests
-- int_meldingen__doorlooptijd computed since this table was built, every year between the old and the new
-- first or last day of the coverage when that moved, and every year when a reference list changed
-- (_referentie_versie); it replaces those years (delete+insert on jaar; on Spark an overwrite of their
-- partitions). A daily file thus recounts the current year, not the whole history. A full rebuild gives
-- the same rows (tests/test_beleid_meldingen.py compares). Known limit: a request whose creation date
-- moves to another year in a later extract leaves its old year as it was until a --full-refresh.
with alle_meldingen as (
    select * from {{ ref('int_meldingen__doorlooptijd') }}
),

centrumsteden as (
    select * from {{ ref('ref_centrumsteden') }}
),

huidige_versies as (
    select * from {{ ref('int_geografie__gemeente_versies') }}
    where valid_to = cast('9999-12-31' as date)
),

-- The reference lists the cells carry (centrumsteden, municipality versions and regions), as one md5.
referentie_versie as (
    select
        {{ dbt.hash(dbt.concat([
            content_version(ref('ref_centrumsteden'), ['gemeente_nis_code']),
            content_version(ref('int_geografie__gemeente_versies'),
                ['gemeente_key', 'gemeente_nis_code', 'gewest_nis_code', 'valid_to']),
        ])) }} as referentie_versie
),

-- The coverage of all requests, also on an incremental run.
dekking as (
    select
        min(created_date) as dekking_start,
        cast(max(updated_at_utc) as date) as dekking_einde
    from alle_meldingen
),

{% if is_incremental() %}
    vorige_run as (
        select
            max(_berekend_at) as berekend_at,
            max(_referentie_versie) as referentie_versie,
            min(dekking_start) as dekking_start,
            max(dekking_einde) as dekking_einde
        from {{ this }}
    ),

    -- The creation years to count again.
    te_herberekenen as (
        select distinct substring(cast(alle_meldingen.created_date as {{ dbt.type_string() }}), 1, 4) as jaar
        from alle_meldingen
        cross join vorige_run
        cross join dekking
        cross join referentie_versie
        where
            alle_meldingen._berekend_at > vorige_run.berekend_at
            or vorige_run.referentie_versie <> referentie_versie.referentie_versie
            or vorige_run.berekend_at is null
            or (
                vorige_run.dekking_einde <> dekking.dekking_einde
                and alle_meldingen.created_date
                >= cast({{ dbt.date_trunc('year', 'least(vorige_run.dekking_einde, dekking.dekking_einde)') }} as date)
            )
            or (
                vorige_run.dekking_start <> dekking.dekking_start
                and alle_meldingen.created_date
                < cast(
                    {{ dbt.dateadd('year', 1, dbt.date_trunc('year',
                        'greatest(vorige_run.dekking_start, dekking.dekking_start)')) }} as date
                )
            )
    ),
{% endif %}

meldingen as (
    select alle_meldingen.*
    from alle_meldingen
    {% if is_incremental() %}
        where
            substring(cast(alle_meldingen.created_date as {{ dbt.type_string() }}), 1, 4)
            in (select te_herberekenen.jaar from te_herberekenen)
    {% endif %}
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

-- The requests counted once per sector, category and month first (tens of thousands of rows for a
-- million requests), then spread over the periods, categories and geographies: the same counts as
-- counting every request in every cell, without joining a million requests to themselves.
per_maand as (
    select
        gemeente_nis_code,
        sector_code,
        categorie_code,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as maand_start,
        count(*) as melding_count
    from basis
    group by
        gemeente_nis_code,
        sector_code,
        categorie_code,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date)
),

periodes as (
    select
        gemeente_nis_code,
        sector_code,
        categorie_code,
        'maand' as period_type,
        substring(cast(maand_start as {{ dbt.type_string() }}), 1, 7) as period,
        maand_start as period_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'maand_start')) }} as date) as period_end,
        melding_count
    from per_maand
    union all
    select
        gemeente_nis_code,
        sector_code,
        categorie_code,
        'kwartaal' as period_type,
        {{ quarter_label('maand_start') }} as period,
        cast({{ dbt.date_trunc('quarter', 'maand_start') }} as date) as period_start,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, dbt.date_trunc('quarter', 'maand_start'))) }} as date
        ) as period_end,
        melding_count
    from per_maand
    union all
    select
        gemeente_nis_code,
        sector_code,
        categorie_code,
        'jaar' as period_type,
        substring(cast(maand_start as {{ dbt.type_string() }}), 1, 4) as period,
        cast({{ dbt.date_trunc('year', 'maand_start') }} as date) as period_start,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, dbt.date_trunc('year', 'maand_start'))) }} as date
        ) as period_end,
        melding_count
    from per_maand
),

categorieen as (
    select
        gemeente_nis_code,
        sector_code,
        categorie_code,
        period_type,
        period,
        period_start,
        period_end,
        melding_count
    from periodes
    union all
    select
        gemeente_nis_code,
        sector_code,
        '_alle' as categorie_code,
        period_type,
        period,
        period_start,
        period_end,
        melding_count
    from periodes
),

geografie as (
    select
        'sector' as geografie_niveau,
        categorieen.sector_code as geografie_code,
        categorieen.gemeente_nis_code,
        categorieen.categorie_code,
        categorieen.period_type,
        categorieen.period,
        categorieen.period_start,
        categorieen.period_end,
        categorieen.melding_count
    from categorieen
    union all
    select
        'gemeente' as geografie_niveau,
        categorieen.gemeente_nis_code as geografie_code,
        categorieen.gemeente_nis_code,
        categorieen.categorie_code,
        categorieen.period_type,
        categorieen.period,
        categorieen.period_start,
        categorieen.period_end,
        categorieen.melding_count
    from categorieen
    union all
    select
        'centrumsteden' as geografie_niveau,
        'centrumsteden' as geografie_code,
        cast(null as {{ dbt.type_string() }}) as gemeente_nis_code,
        categorieen.categorie_code,
        categorieen.period_type,
        categorieen.period,
        categorieen.period_start,
        categorieen.period_end,
        categorieen.melding_count
    from categorieen
    inner join centrumsteden
        on categorieen.gemeente_nis_code = centrumsteden.gemeente_nis_code
    union all
    select
        'gewest' as geografie_niveau,
        huidige_versies.gewest_nis_code as geografie_code,
        cast(null as {{ dbt.type_string() }}) as gemeente_nis_code,
        categorieen.categorie_code,
        categorieen.period_type,
        categorieen.period,
        categorieen.period_start,
        categorieen.period_end,
        categorieen.melding_count
    from categorieen
    inner join huidige_versies
        on categorieen.gemeente_nis_code = huidige_versies.gemeente_nis_code
),

cellen as (
    select
        geografie_niveau,
        geografie_code,
        gemeente_nis_code,
        categorie_code,
        period_type,
        period,
        period_start,
        period_end,
        sum(melding_count) as melding_count
    from geografie
    group by
        geografie_niveau,
        geografie_code,
        gemeente_nis_code,
        categorie_code,
        period_type,
        period,
        period_start,
        period_end
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
    cast(cellen.melding_count as {{ dbt.type_bigint() }}) as melding_count,
    substring(cellen.period, 1, 4) as jaar,
    referentie_versie.referentie_versie as _referentie_versie,
    {{ dbt.current_timestamp() }} as _berekend_at
from cellen
cross join dekking
cross join referentie_versie
left join huidige_versies
    on cellen.gemeente_nis_code = huidige_versies.gemeente_nis_code
left join centrumsteden
    on cellen.gemeente_nis_code = centrumsteden.gemeente_nis_code
where
    cellen.period_type = 'maand'
    or (dekking.dekking_start <= cellen.period_start and dekking.dekking_einde >= cellen.period_end)
