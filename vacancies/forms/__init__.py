"""Forms for vacancy and pipeline pages, one area a file."""
