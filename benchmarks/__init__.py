"""Benchmarks: numpy with hand-derived gradients vs minigrad vs torch on the seeds' loop.

Run ``python -m benchmarks`` (``make bench``) for the full run or ``--quick`` for a smoke run.
See ``benchmarks/README.md`` for the method; results land in ``benchmarks/results/``.
"""
