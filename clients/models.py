"""Clients and contacts: models arrive with their issue."""
