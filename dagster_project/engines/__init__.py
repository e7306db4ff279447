"""Helpers for running the dbt project on another engine than the default embedded DuckDB file."""
