"""Reads of the public face (STYLE.md): one module per area."""
