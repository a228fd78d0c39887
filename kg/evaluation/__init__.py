"""Evaluation of extractions against open IE benchmarks (CaRB)."""

__all__ = ["carb"]
