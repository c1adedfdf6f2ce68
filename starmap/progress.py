"""Progress of long work: the command line prints it; Dagster's own log records it too."""

from __future__ import annotations

import logging
import sys

import dagster as dg

PROGRESS = logging.getLogger("starmap.progress")


def report(message: str, context_log: dg.DagsterLogManager | None = None) -> None:
    """One progress line, to the run's Dagster log (when in a run) and to the command line."""
    if context_log is not None:
        context_log.info(message)
    PROGRESS.info(message)


def print_progress_lines() -> None:
    """Show progress lines on stderr as `[starmap] ...` (the command line calls this)."""
    if not PROGRESS.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[starmap] %(message)s"))
        PROGRESS.addHandler(handler)
    PROGRESS.setLevel(logging.INFO)
    PROGRESS.propagate = False
