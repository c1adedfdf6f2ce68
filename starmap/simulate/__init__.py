"""`starmap simulate`: a realistic synthetic landing zone, deterministic per seed."""

from starmap.simulate.generate import SimulationSummary, simulate_landing_zone

__all__ = ["SimulationSummary", "simulate_landing_zone"]
