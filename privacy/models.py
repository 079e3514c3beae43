"""Data protection: models arrive with their issue."""
