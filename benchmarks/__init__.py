"""Benchmark scripts that print figures; their recorded results are in benchmarks/README.md."""
