"""The landing engine, the same for every source: it knows the contract (landing/source.py) and nothing
about any publisher.

- source.py: what a dataset declares (file pattern, published columns, reader, GX suites, freshness policy);
- discovery.py: what is in the landing folder (deliveries per source, zip archives opened, stray files);
- decoding.py, delimited.py, xlsx.py, readers.py: every delivery staged as a DuckDB table of text values;
- suites.py, sql_expectations.py, validation.py: the GX suites run as DuckDB queries, GX on what they flag;
- context.py: what a delivery is checked against besides itself, made once per run;
- findings.py, archive.py: file, line and column of every refusal; nothing delivered is lost;
- raw_store.py: the raw schema behind one narrow interface (RawStore).

The publishers' datasets live in dagster_project/sources/<publisher>/<dataset>.py."""
