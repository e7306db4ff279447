{#- Disclosure control for frequency tables from a protected source, in portable SQL (CTEs only).

    cells: a CTE with one row per published cell: cel_id (text), n (the count, >= 0).
    relations: a CTE with one row per cell per additive relation: relatie_id, cel_id, is_parent (boolean);
    the parent of a relation equals the sum of its children (sector -> municipality, category -> all
    categories, municipality -> centrumsteden or region, month -> year).

    Returns the SQL of a chain of CTEs ending in `<prefix>_resultaat` (cel_id, n, is_primair,
    is_onderdrukt):
    * primary: a cell with 0 < n < k;
    * secondary, repeated `passes` times (20: the whole-country benchmark, a million requests, still had
      an unprotected relation after 8): in every relation whose parent is published and that has a
      suppressed child, the suppressed children must be at least var('disclosure_min_onderdrukt') (3) and
      together hold at least k units (else the parent minus the published children gives one away, or
      shows their sum is below k); if not, the smallest published non-zero child is suppressed as well, or
      the parent when none is left. Three, not two: two suppressed cells of a relation are tied to each
      other (one goes up exactly as the other goes down), and chains of such pairs across sectors,
      categories and months let the linear-programming attacker of the tests narrow 25 of 8,003 suppressed
      cells of the whole-country benchmark below k; with three, none.
    A true zero is not sensitive and is never suppressed (it adds nothing to the protection either).
    The blocking test assert_onthulling_beschermd checks the result; raise `passes` if it ever fails. -#}
{% macro disclosure_suppression(cells, relations, k, passes=20, prefix='onthulling') -%}
{%- set minimum = var('disclosure_min_onderdrukt') -%}
{{ prefix }}_stap_0 as (
    select
        cel_id,
        n,
        n > 0 and n < {{ k }} as is_primair,
        n > 0 and n < {{ k }} as is_onderdrukt
    from {{ cells }}
),
{% for i in range(passes) %}
{{ prefix }}_groep_{{ i }} as (
    select
        rel.relatie_id,
        max(case when rel.is_parent and stap.is_onderdrukt then 1 else 0 end) as parent_onderdrukt,
        sum(case when not rel.is_parent and stap.is_onderdrukt then 1 else 0 end) as aantal_onderdrukt,
        sum(case when not rel.is_parent and stap.is_onderdrukt then stap.n else 0 end) as massa_onderdrukt
    from {{ relations }} as rel
    inner join {{ prefix }}_stap_{{ i }} as stap
        on rel.cel_id = stap.cel_id
    group by rel.relatie_id
),

{{ prefix }}_kandidaat_{{ i }} as (
    select
        rel.cel_id,
        row_number() over (
            partition by rel.relatie_id
            order by case when rel.is_parent then 1 else 0 end, stap.n, rel.cel_id
        ) as volgorde
    from {{ relations }} as rel
    inner join {{ prefix }}_groep_{{ i }} as groep
        on rel.relatie_id = groep.relatie_id
    inner join {{ prefix }}_stap_{{ i }} as stap
        on rel.cel_id = stap.cel_id
    where
        groep.parent_onderdrukt = 0
        and groep.aantal_onderdrukt > 0
        and (groep.aantal_onderdrukt < {{ minimum }} or groep.massa_onderdrukt < {{ k }})
        and not stap.is_onderdrukt
        and stap.n > 0
),

{{ prefix }}_gekozen_{{ i }} as (
    select distinct cel_id from {{ prefix }}_kandidaat_{{ i }}
    where volgorde = 1
),

{{ prefix }}_stap_{{ i + 1 }} as (
    select
        stap.cel_id,
        stap.n,
        stap.is_primair,
        stap.is_onderdrukt or gekozen.cel_id is not null as is_onderdrukt
    from {{ prefix }}_stap_{{ i }} as stap
    left join {{ prefix }}_gekozen_{{ i }} as gekozen
        on stap.cel_id = gekozen.cel_id
),
{% endfor %}
{{ prefix }}_resultaat as (
    select * from {{ prefix }}_stap_{{ passes }}
)
{%- endmacro %}
