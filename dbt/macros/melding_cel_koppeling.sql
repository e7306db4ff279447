{#- Whether a service-request indicator rests on a request-count cell of the same geography and period: the
    service-level share on all categories ('_alle'), a median lead time on its own category. One definition
    for every model that follows the disclosure decision of a count (int_meldingen__aantal_beschermd). -#}
{% macro rust_op_melding_cel(indicator_code, categorie_code) -%}
    (
        ({{ indicator_code }} = 'meld_sla_aandeel' and {{ categorie_code }} = '_alle')
        or {{ indicator_code }} = {{ dbt.concat(["'meld_med_doorlooptijd_'", categorie_code]) }}
    )
{%- endmacro %}
