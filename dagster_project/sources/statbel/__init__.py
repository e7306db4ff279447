"""Statbel, the Belgian statistical office: one module per dataset (dbt staging folder statbel)."""
