"""Agentschap Binnenlands Bestuur (ABB): BBC-DR exports, one module per dataset (dbt staging folder abb)."""
