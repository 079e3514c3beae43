"""Reads for customer service pages, the API and the dashboards."""
