-- The lookup sector -> municipality over time. The municipality of a sector is what the publications
-- themselves state for each reference year (CD_REFNIS in the sector population and households files),
-- never the first five characters of the sector code: sectors keep the NIS prefix of the municipality
-- that drew them (11007A00- lies in Antwerpen 11002 since 2025). Consecutive years with the same
-- municipality form one validity window; the window of the newest year stays open (9999-12-31).
with bevolking_sector as (
    select * from {{ ref('stg_statbel__bevolking_sector') }}
),

huishoudens_sector as (
    select * from {{ ref('stg_statbel__huishoudens_sector') }}
),

gepubliceerd as (
    select
        reference_year,
        sector_code,
        gemeente_nis_code
    from bevolking_sector
    union
    select
        reference_year,
        sector_code,
        gemeente_nis_code
    from huishoudens_sector
),

-- Gaps and islands: within a run of consecutive years, year - row_number() is constant.
eilanden as (
    select
        sector_code,
        gemeente_nis_code,
        reference_year,
        reference_year - row_number() over (
            partition by sector_code, gemeente_nis_code order by reference_year
        ) as eiland
    from gepubliceerd
),

vensters as (
    select
        sector_code,
        gemeente_nis_code,
        min(reference_year) as first_year,
        max(reference_year) as last_year
    from eilanden
    group by sector_code, gemeente_nis_code, eiland
),

laatste as (
    select max(reference_year) as laatste_jaar from gepubliceerd
),

-- The newest name of the sector (names only come with the sector population file).
namen as (
    select
        sector_code,
        sector_name_nl,
        sector_name_fr,
        row_number() over (partition by sector_code order by reference_year desc) as volgorde
    from bevolking_sector
)

select
    vensters.sector_code,
    namen.sector_name_nl,
    namen.sector_name_fr,
    {{ dbt.right('vensters.sector_code', 4) }} = 'ZZZZ' as is_onbekende_sector,
    vensters.gemeente_nis_code,
    vensters.first_year,
    vensters.last_year,
    cast(
        {{ dbt.concat(["cast(vensters.first_year as " ~ dbt.type_string() ~ ")", "'-01-01'"]) }} as date
    ) as valid_from,
    case
        when vensters.last_year = laatste.laatste_jaar then cast('9999-12-31' as date)
        else cast({{ dbt.concat(["cast(vensters.last_year as " ~ dbt.type_string() ~ ")", "'-12-31'"]) }} as date)
    end as valid_to
from vensters
cross join laatste
left join namen
    on
        vensters.sector_code = namen.sector_code
        and namen.volgorde = 1
