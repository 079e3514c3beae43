"""Writes of the public face that span apps (STYLE.md): one module per area."""
