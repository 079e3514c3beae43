"""Reads for vacancy pages, the API and dashboards, always through `visible_to`; one area a file."""
