"""OBMi warehouse: Dagster orchestration of landing files, raw loads, dbt models and publication."""

import os

# Great Expectations would otherwise try to send usage statistics; the pipeline runs offline.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
