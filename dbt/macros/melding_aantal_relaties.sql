{#- The additive relations between the cells of int_meldingen__aantal_cellen, one row per cell per
    relation (relatie_id, relatie_soort, cel_id, is_parent): a parent equals the sum of its children.
    * sector: the sectors of a municipality (the unknown sector included) add up to the municipality;
    * categorie: the categories (the unknown category included) add up to '_alle';
    * groep: the municipalities of the centrumsteden, and of a region, add up to that group;
    * periode: the months of a published year add up to the year, the months of a published quarter to
      the quarter, and the quarters of a published year to the year (three relations, each its own id).
    Used by fct_melding_aantal (disclosure control) and by the blocking test assert_onthulling_beschermd;
    the attacker audit in the tests solves the same equations. `cellen` is a relation or CTE name. -#}
{% macro melding_aantal_relaties(cellen) -%}
with relatie_paren as (
    select
        {{ dbt.concat(["'sector|'", "ouder.cel_id"]) }} as relatie_id,
        'sector' as relatie_soort,
        kind.cel_id as kind_cel_id,
        ouder.cel_id as ouder_cel_id
    from {{ cellen }} as kind
    inner join {{ cellen }} as ouder
        on
            kind.gemeente_nis_code = ouder.geografie_code
            and kind.categorie_code = ouder.categorie_code
            and kind.period = ouder.period
    where
        kind.geografie_niveau = 'sector'
        and ouder.geografie_niveau = 'gemeente'
    union all
    select
        {{ dbt.concat(["'categorie|'", "ouder.cel_id"]) }} as relatie_id,
        'categorie' as relatie_soort,
        kind.cel_id as kind_cel_id,
        ouder.cel_id as ouder_cel_id
    from {{ cellen }} as kind
    inner join {{ cellen }} as ouder
        on
            kind.geografie_niveau = ouder.geografie_niveau
            and kind.geografie_code = ouder.geografie_code
            and kind.period = ouder.period
    where
        kind.categorie_code <> '_alle'
        and ouder.categorie_code = '_alle'
    union all
    select
        {{ dbt.concat(["'groep|'", "ouder.cel_id"]) }} as relatie_id,
        'groep' as relatie_soort,
        kind.cel_id as kind_cel_id,
        ouder.cel_id as ouder_cel_id
    from {{ cellen }} as kind
    inner join {{ cellen }} as ouder
        on
            kind.categorie_code = ouder.categorie_code
            and kind.period = ouder.period
            and (
                (ouder.geografie_niveau = 'centrumsteden' and kind.is_centrumstad)
                or (ouder.geografie_niveau = 'gewest' and kind.gewest_nis_code = ouder.geografie_code)
            )
    where kind.geografie_niveau = 'gemeente'
    union all
    select
        {{ dbt.concat(["'periode|'", "ouder.cel_id"]) }} as relatie_id,
        'periode' as relatie_soort,
        kind.cel_id as kind_cel_id,
        ouder.cel_id as ouder_cel_id
    from {{ cellen }} as kind
    inner join {{ cellen }} as ouder
        on
            kind.geografie_niveau = ouder.geografie_niveau
            and kind.geografie_code = ouder.geografie_code
            and kind.categorie_code = ouder.categorie_code
            and substring(kind.period, 1, 4) = ouder.period
    where
        kind.period_type = 'maand'
        and ouder.period_type = 'jaar'
    union all
    select
        {{ dbt.concat(["'kwartaal|'", "ouder.cel_id"]) }} as relatie_id,
        'periode' as relatie_soort,
        kind.cel_id as kind_cel_id,
        ouder.cel_id as ouder_cel_id
    from {{ cellen }} as kind
    inner join {{ cellen }} as ouder
        on
            kind.geografie_niveau = ouder.geografie_niveau
            and kind.geografie_code = ouder.geografie_code
            and kind.categorie_code = ouder.categorie_code
            and {{ quarter_label('kind.period_start') }} = ouder.period
    where
        kind.period_type = 'maand'
        and ouder.period_type = 'kwartaal'
    union all
    select
        {{ dbt.concat(["'kwartalen|'", "ouder.cel_id"]) }} as relatie_id,
        'periode' as relatie_soort,
        kind.cel_id as kind_cel_id,
        ouder.cel_id as ouder_cel_id
    from {{ cellen }} as kind
    inner join {{ cellen }} as ouder
        on
            kind.geografie_niveau = ouder.geografie_niveau
            and kind.geografie_code = ouder.geografie_code
            and kind.categorie_code = ouder.categorie_code
            and substring(kind.period, 1, 4) = ouder.period
    where
        kind.period_type = 'kwartaal'
        and ouder.period_type = 'jaar'
)

select
    relatie_id,
    relatie_soort,
    kind_cel_id as cel_id,
    false as is_parent
from relatie_paren
union all
select distinct
    relatie_id,
    relatie_soort,
    ouder_cel_id as cel_id,
    true as is_parent
from relatie_paren
{%- endmacro %}
