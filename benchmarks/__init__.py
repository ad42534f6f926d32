"""Benchmarks of diagrules against a hand-written floor and peer rule engines.

Run ``python benchmarks/run.py`` (``--quick`` for a fast pass); see ``docs/performance.md``.
"""
