"""OBMi warehouse: Dagster orchestration of landing files, raw loads, dbt models and publication."""
