{{ config(materialized="table") }}

-- The beleid and management indicators (finances, the plan's goals, service requests) under the indicator
-- mart's rules, with the disclosure decision and the coverage of the request counts (macro
-- indicator_waarden). A daily service-request file rebuilds this part and the mart's union, not the
-- omgeving part.
{{ indicator_waarden(['int_indicatoren__beleid_management'], met_meldingen=true) }}
