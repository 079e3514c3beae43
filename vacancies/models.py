"""Vacancies and the pipeline: models arrive with their issue."""
