"""The city's planning tool: the multi-year plan (dbt staging folder planningstool)."""
