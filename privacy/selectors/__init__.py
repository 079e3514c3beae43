"""Reads for data protection (STYLE.md selectors), one area per module."""
