"""okrtui: OKRs and KPIs in the terminal."""

__version__ = "0.1.0"
