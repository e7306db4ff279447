-- The current state of every request: its newest record over all daily extracts (by change time, then by
-- load), with the number of records seen and when the newest of them was loaded (the incremental
-- watermark of fct_melding).
with records as (
    select * from {{ ref('stg_stad__meldingen') }}
),

gerangschikt as (
    select
        melding_id,
        categorie_name_nl,
        status_name_nl,
        kanaal_name_nl,
        created_at,
        created_at_utc,
        closed_at,
        closed_at_utc,
        updated_at_utc,
        statistische_sector_code,
        row_number() over (
            partition by melding_id
            order by updated_at_utc desc, _loaded_at desc, _source_file desc
        ) as versie_rang,
        count(*) over (partition by melding_id) as versie_count,
        max(_loaded_at) over (partition by melding_id) as _last_loaded_at
    from records
)

select
    melding_id,
    categorie_name_nl,
    status_name_nl,
    kanaal_name_nl,
    created_at,
    created_at_utc,
    closed_at,
    closed_at_utc,
    updated_at_utc,
    statistische_sector_code,
    versie_count,
    _last_loaded_at
from gerangschikt
where versie_rang = 1
