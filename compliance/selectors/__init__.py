"""Reads for compliance pages, the API, the placement gate and dashboards; one area a file."""
