"""Synthetic data and the benchmark harness (issue 10). Not imported by the app at run time."""
