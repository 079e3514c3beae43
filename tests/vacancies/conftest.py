from tests.clients.conftest import acme, acme_contact, acme_terms, secret_client

__all__ = ["acme", "acme_contact", "acme_terms", "secret_client"]
