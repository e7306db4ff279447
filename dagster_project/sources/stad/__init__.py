"""The city's own applications as its open data portal publishes them (dbt staging folder stad)."""
