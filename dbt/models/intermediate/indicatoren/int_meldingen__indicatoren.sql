{{ config(materialized="table") }}

-- Column names follow the indicator mart's shared contract; `value` is an SQL keyword (noqa: RF04).
-- Materialised as a table: the goal tree's actual values and the indicator union both read it.
-- Service-request indicators per municipality, per month (YYYY-MM), quarter (YYYY-Qn) and year (YYYY) of
-- creation:
-- * meld_sla_aandeel: % of requests closed within their category's target, among the requests whose
--   outcome is known at the data's cut-off (closed, or open and its deadline - the end of the Nth working
--   day after creation - lies before the day of the cut-off);
-- * meld_med_doorlooptijd_<categorie>: median lead time in hours of the closed requests of a category.
-- The median is the average of the middle two for an even count (macro median: each engine's own exact
-- aggregate, far cheaper than ranking a million requests three times with window functions).
-- A period with requests whose outcome is still open is provisional (status voorlopig). A request in a
-- category the city's list lacks has no target and counts in no indicator (a warning test names it).
with meldingen as (
    select * from {{ ref('int_meldingen__doorlooptijd') }}
),

afsluitmoment as (
    select max(updated_at_utc) as cutoff_at_utc from meldingen
),

periode_soorten as (
    select 'maand' as periode_soort
    union all
    select 'kwartaal' as periode_soort
    union all
    select 'jaar' as periode_soort
),

per_periode as (
    select
        meldingen.gemeente_nis_code,
        meldingen.categorie_code,
        case periode_soorten.periode_soort
            when 'maand' then substring(cast(meldingen.created_date as {{ dbt.type_string() }}), 1, 7)
            when 'jaar' then substring(cast(meldingen.created_date as {{ dbt.type_string() }}), 1, 4)
            else {{ quarter_label('meldingen.created_date') }}
        end as period,
        meldingen.is_closed,
        meldingen.is_within_sla,
        meldingen.doorlooptijd_seconds,
        meldingen.is_closed
        or meldingen.sla_deadline_date < cast(afsluitmoment.cutoff_at_utc as date) as is_uitkomst_bekend
    from meldingen
    cross join periode_soorten
    cross join afsluitmoment
    where meldingen.categorie_code is not null
),

sla as (
    select
        'meld_sla_aandeel' as indicator_code,
        gemeente_nis_code,
        period,
        sum(case when is_within_sla then 1 else 0 end) as numerator,
        sum(case when is_uitkomst_bekend then 1 else 0 end) as denominator,
        sum(case when is_uitkomst_bekend then 0 else 1 end) as open_count
    from per_periode
    group by gemeente_nis_code, period
),

mediaan as (
    select
        gemeente_nis_code,
        categorie_code,
        period,
        {{ median('doorlooptijd_seconds') }} as mediaan_seconds,
        count(*) as afgesloten_count
    from per_periode
    where is_closed
    group by gemeente_nis_code, categorie_code, period
),

nog_open as (
    select
        gemeente_nis_code,
        categorie_code,
        period,
        sum(case when is_closed then 0 else 1 end) as open_count
    from per_periode
    group by gemeente_nis_code, categorie_code, period
)

select
    indicator_code,
    'gemeente' as geografie_niveau,
    gemeente_nis_code as geografie_code,
    period,
    cast({{ round_decimal('100.0 * numerator / denominator', 1) }} as decimal(18, 2))
        as value,  -- noqa: RF04
    cast(numerator as decimal(18, 2)) as numerator,
    cast(denominator as decimal(18, 2)) as denominator,
    'procent' as unit,
    case when open_count > 0 then 'voorlopig' else 'definitief' end as status,
    denominator as melding_count
from sla
where denominator > 0
union all
select
    {{ dbt.concat(["'meld_med_doorlooptijd_'", "mediaan.categorie_code"]) }} as indicator_code,
    'gemeente' as geografie_niveau,
    mediaan.gemeente_nis_code as geografie_code,
    mediaan.period,
    cast({{ round_decimal('cast(mediaan.mediaan_seconds as decimal(18, 2)) / 3600', 2) }} as decimal(18, 2))
        as value,  -- noqa: RF04
    cast(null as decimal(18, 2)) as numerator,
    cast(null as decimal(18, 2)) as denominator,
    'uur' as unit,
    case when nog_open.open_count > 0 then 'voorlopig' else 'definitief' end as status,
    mediaan.afgesloten_count as melding_count
from mediaan
inner join nog_open
    on
        mediaan.gemeente_nis_code = nog_open.gemeente_nis_code
        and mediaan.categorie_code = nog_open.categorie_code
        and mediaan.period = nog_open.period
