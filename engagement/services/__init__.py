"""Writes for customer service (STYLE.md: services write, selectors read)."""
