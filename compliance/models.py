"""Compliance and vetting: models arrive with their issue."""
