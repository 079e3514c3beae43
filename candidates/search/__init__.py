"""Boolean search over candidates: the parser and the queryset that uses it."""
