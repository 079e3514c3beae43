"""The API's base (API.md conventions): every app's `api/` builds on these modules.

Kept empty on purpose: DRF imports `pagination` and `parsers` while loading its settings, so
importing this package must not import `rest_framework.views`.
"""
