"""Candidates: models arrive with their issue."""
