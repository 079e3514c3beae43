"""Writes for data protection (STYLE.md services), one area per module; audit events carry ids and
codes only."""
