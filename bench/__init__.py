"""Benchmarks run by `make bench` (bench/run.py). Never imported by the application."""
