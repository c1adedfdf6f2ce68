"""The Dagster code location: assets split by business domain."""
