{{ config(materialized="table") }}

-- The omgeving indicators (Statbel: population, households, income) under the indicator mart's rules, for
-- municipalities, statistical sectors and the benchmark groups: most of fct_indicator_waarde's rows. Rebuilt
-- when a Statbel delivery changes, not for a daily service-request file (macro indicator_waarden).
{#- The omgeving models, each delivering the contract of _indicatoren__models.yml. A new omgeving domain
    adds its model here; a beleid or management domain goes into int_indicatoren__beleid_management. -#}
{{ indicator_waarden([
    'int_indicatoren__bevolking',
    'int_indicatoren__huishoudens',
    'int_indicatoren__inkomens',
], met_meldingen=false) }}
