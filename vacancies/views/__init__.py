"""Vacancy pages, one area a file (urls.py names each module's views)."""
