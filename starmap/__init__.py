"""Starmap: settlement and analytics for Xingtu-style influencer marketing."""

__version__ = "0.1.0"
