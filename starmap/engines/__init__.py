"""Engines other than the embedded DuckDB one that run the same models (sql/visible,
sql/marts) unchanged: `spark` (docs/scaling.md). DuckDB's runner is pipelines/snapshots.py."""
