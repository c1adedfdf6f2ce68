"""`starmap bench`: how fast the pipeline is, against what the hardware allows."""

from starmap.bench.cli import add_parser

__all__ = ["add_parser"]
