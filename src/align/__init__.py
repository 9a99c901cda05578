"""Parallel-text alignment workbench: Chinese originals paired with English translations."""

__version__ = "0.1.0"
