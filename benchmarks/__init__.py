"""Benchmarks: scripts that print and write JSON to benchmarks/results/<name>.json.

Run them all with `python -m benchmarks.run` (`make bench`); see benchmarks/README.md.
They are never run as timed tests.
"""
