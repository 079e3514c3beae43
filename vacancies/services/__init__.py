"""Writes for vacancies and the pipeline (STYLE.md: services write, selectors read), one area a file."""
