"""Customer service: models arrive with their issue."""
