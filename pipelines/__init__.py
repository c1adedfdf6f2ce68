"""The Dagster code location: assets split by business domain."""

import warnings

import dagster as dg

# Single-run backfills (`backfill_policy`) are a deliberate choice (pipelines/partitions.py);
# their beta notice would otherwise print once per asset on every start.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
